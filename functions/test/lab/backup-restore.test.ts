import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import { ApiSession, aProfileInput, uniqueEmail } from '../support/api-session';
import { startTestServer, type TestServer } from '../support/lab-server';
import { S3RVER_CREDENTIALS, startS3rver } from '../support/s3rver';
import {
  startThrowawayPostgres,
  type ThrowawayPostgres,
  throwawayPostgresSkipReason,
} from '../support/throwaway-postgres';

/** The chart's own backup scripts: the CronJob and the restore Job run exactly these files. */
const chartFiles = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'helm',
  'dating-app',
  'files',
);
const functionsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pgBin = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
const PASSPHRASE = 'a backup passphrase for the test, long enough';

function run(file: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: { PATH: `${pgBin}:${process.env.PATH}`, HOME: tmpdir(), ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
        else resolve(stdout + stderr);
      },
    );
  });
}

const skipReason = throwawayPostgresSkipReason();

describe.skipIf(skipReason !== null)(
  `backup and restore with the chart's scripts (PostgreSQL 15) ${skipReason ?? ''}`,
  () => {
    let source: ThrowawayPostgres | undefined;
    let target: ThrowawayPostgres | undefined;
    let work: string;
    let backups: string;
    let keyFile: string;
    const servers: TestServer[] = [];

    const serve = async (databaseUrl: string) => {
      const { store } = await openPostgresStore({ databaseUrl });
      const server = await startTestServer({ store });
      servers.push(server);
      return server;
    };

    beforeAll(async () => {
      [source, target] = await Promise.all([startThrowawayPostgres(), startThrowawayPostgres()]);
      work = await mkdtemp(join(tmpdir(), 'backup-work-'));
      backups = await mkdtemp(join(tmpdir(), 'backup-pvc-'));
      keyFile = join(work, '..', `backup-key-${Date.now()}`);
      await writeFile(keyFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    }, 120_000);
    afterAll(async () => {
      for (const server of servers) await server.close();
      await Promise.all([source?.destroy(), target?.destroy()]);
      await Promise.all([work, backups, keyFile].map((path) => rm(path, { recursive: true, force: true })));
    });

    it('dumps a populated database, stores it encrypted with retention, restores it into a fresh cluster, and the API serves the same data', async () => {
      if (source === undefined || target === undefined) throw new Error('no clusters');
      // 1. Data written through the API.
      const before = await serve(source.url);
      const email = uniqueEmail('backup');
      const user = new ApiSession(before.url);
      expect((await user.register(email)).status).toBe(201);
      const profile = aProfileInput({ displayName: 'Restored Rita', bio: 'Written before the backup.' });
      expect((await user.call('PUT', '/api/profile', { body: profile })).status).toBe(201);
      const me = await user.call('GET', '/api/me');
      expect(me.status).toBe(200);

      // 2. The CronJob: backup.sh dump (PostgreSQL image), then backup.mjs store (app image).
      const common = {
        BACKUP_WORK: work,
        BACKUP_DESTINATION: 'pvc',
        BACKUP_DIR: backups,
        BACKUP_ENCRYPTION: 'openssl',
        BACKUP_KEY_FILE: keyFile,
        BACKUP_KEEP: '2',
        BACKUP_APP_DIR: functionsDir,
      };
      // Two older backups already there: retention keeps the newest two, the new one included.
      await writeFile(join(backups, 'dating-20200101T000000Z.dump.enc'), 'old');
      await writeFile(join(backups, 'dating-20210101T000000Z.dump.enc'), 'old');
      await writeFile(join(backups, 'unrelated.txt'), 'not a backup');
      expect(
        await run('sh', [join(chartFiles, 'backup.sh'), 'dump'], { ...common, DATABASE_URL: source.url }),
      ).toMatch(/dumped dating-\d{8}T\d{6}Z\.dump/);
      await run('node', [join(chartFiles, 'backup.mjs'), 'store'], common);
      const stored = (await readdir(backups)).sort();
      expect(stored).toEqual([
        'dating-20210101T000000Z.dump.enc',
        expect.stringMatching(/^dating-\d{8}T\d{6}Z\.dump\.enc$/),
        'unrelated.txt',
      ]);
      const newest = stored[1] ?? '';

      // The stored file is encrypted (no plaintext of the profile) and is what `openssl enc` can read back.
      const encrypted = await readFile(join(backups, newest));
      expect(encrypted.subarray(0, 8).toString()).toBe('Salted__');
      expect(encrypted.includes(Buffer.from('Restored Rita'))).toBe(false);
      const dump = (await readdir(work)).find((name) => name.endsWith('.dump')) ?? '';
      const decrypted = join(work, 'openssl-decrypted.dump');
      await run(
        'openssl',
        ['enc', '-d', '-aes-256-cbc', '-pbkdf2', '-iter', '100000', '-md', 'sha256'].concat([
          '-pass',
          `file:${keyFile}`,
          '-in',
          join(backups, newest),
          '-out',
          decrypted,
        ]),
        {},
      );
      expect((await readFile(decrypted)).equals(await readFile(join(work, dump)))).toBe(true);

      // 3. The restore Job: backup.mjs fetch latest (app image), then backup.sh restore (PostgreSQL image),
      // into a fresh cluster that has never seen the app.
      const restoreWork = await mkdtemp(join(tmpdir(), 'restore-work-'));
      try {
        const restoreEnv = { ...common, BACKUP_WORK: restoreWork };
        expect(await run('node', [join(chartFiles, 'backup.mjs'), 'fetch', 'latest'], restoreEnv)).toContain(
          `fetched ${newest}`,
        );
        expect(
          await run('sh', [join(chartFiles, 'backup.sh'), 'restore'], {
            ...restoreEnv,
            DATABASE_URL: target.url,
          }),
        ).toContain('restored');
      } finally {
        await rm(restoreWork, { recursive: true, force: true });
      }

      // 4. The API on the restored database: the same account logs in and sees the same data.
      const after = await serve(target.url);
      const again = new ApiSession(after.url);
      expect((await again.login(email)).status).toBe(200);
      const restored = await again.call('GET', '/api/me');
      expect(restored.status).toBe(200);
      expect(restored.body).toEqual(me.body);
      expect(JSON.stringify(restored.body)).toContain('Restored Rita');
    });

    it('refuses a wrong passphrase instead of restoring garbage', async () => {
      const wrongKey = join(work, 'wrong-key');
      await writeFile(wrongKey, 'not the passphrase that encrypted it\n');
      const restoreWork = await mkdtemp(join(tmpdir(), 'restore-wrong-'));
      try {
        await expect(
          run('node', [join(chartFiles, 'backup.mjs'), 'fetch', 'latest'], {
            BACKUP_WORK: restoreWork,
            BACKUP_DESTINATION: 'pvc',
            BACKUP_DIR: backups,
            BACKUP_KEY_FILE: wrongKey,
          }),
        ).rejects.toThrow(/cannot decrypt the backup/);
      } finally {
        await rm(restoreWork, { recursive: true, force: true });
      }
    });
  },
);

describe('backup.mjs with an S3-compatible bucket (s3rver)', () => {
  it('stores dumps under the prefix, keeps the newest BACKUP_KEEP, and fetches the latest', async () => {
    const s3 = await startS3rver('backups');
    const work = await mkdtemp(join(tmpdir(), 'backup-s3-'));
    try {
      const env = {
        BACKUP_WORK: work,
        BACKUP_DESTINATION: 's3',
        BACKUP_KEEP: '2',
        BACKUP_APP_DIR: functionsDir,
        S3_BUCKET: s3.bucket,
        S3_PREFIX: 'nightly/',
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        S3_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      };
      for (const stamp of ['20250101T000000Z', '20250102T000000Z', '20250103T000000Z']) {
        await writeFile(join(work, `dating-${stamp}.dump`), `dump of ${stamp}`);
        await run('node', [join(chartFiles, 'backup.mjs'), 'store'], env);
        await rm(join(work, `dating-${stamp}.dump`));
      }
      const listed = await run('node', [join(chartFiles, 'backup.mjs'), 'list'], env);
      expect(listed.split('\n').filter((line) => line.startsWith('backup.mjs:'))).toEqual([
        'backup.mjs: dating-20250102T000000Z.dump',
        'backup.mjs: dating-20250103T000000Z.dump',
      ]);
      await run('node', [join(chartFiles, 'backup.mjs'), 'fetch'], env);
      expect(await readFile(join(work, 'restore.dump'), 'utf8')).toBe('dump of 20250103T000000Z');
    } finally {
      await s3.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
