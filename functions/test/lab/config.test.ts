import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../src/runtime/access-token-keys';
import { findAppRoot } from '../../src/runtime/lab/app-root';
import {
  ConfigError,
  type LabEnvironment,
  labServiceConfig,
  loadLabConfig,
} from '../../src/runtime/lab/config';
import { DataDirLockedError, lockDataDir } from '../../src/runtime/lab/data-dir-lock';
import { JWT_SECRET_FILE, resolveJwtSecrets, rotateJwtSecrets } from '../../src/runtime/lab/jwt-secret';

const defaults = { appRoot: '/srv/app', appVersion: '1.2.3', cwd: '/home/me/somewhere' };
const load = (env: LabEnvironment) => loadLabConfig(env, defaults);
const problem = (env: LabEnvironment) => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('lab config', () => {
  it('has defaults that run a laptop with no setup', () => {
    expect(load({})).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/app/.data',
      webDir: '/srv/app/web/dist',
      store: { kind: 'postgres' },
      blobs: { kind: 'fs', root: '/srv/app/.data/blobs' },
      jwtIssuer: 'dating-app',
      jwtAudience: 'dating-app',
      passwordHashCost: 17,
      // libuv's 4 threads: 3 for scrypt, one always free for file reads.
      passwordWork: { concurrency: 3, maxQueued: 32 },
      trustProxy: false,
      corsOrigins: [],
      logLevel: 'info',
      appVersion: '1.2.3',
    });
  });

  it('points mail links at PUBLIC_ORIGIN (default http://localhost:<PORT>); EMAIL_VERIFICATION is off by default', () => {
    expect(load({})).toMatchObject({ publicOrigin: 'http://localhost:8080', emailVerification: 'off' });
    expect(load({ PORT: '3000' }).publicOrigin).toBe('http://localhost:3000');
    expect(
      load({ PUBLIC_ORIGIN: 'https://Dating.Example.lan/', EMAIL_VERIFICATION: 'required' }),
    ).toMatchObject({ publicOrigin: 'https://dating.example.lan', emailVerification: 'required' });
    for (const bad of [
      'dating.example.lan',
      'https://dating.example.lan/app',
      'ftp://x.lan',
      'https://u:p@x.lan',
    ]) {
      expect(problem({ PUBLIC_ORIGIN: bad })).toMatch(/PUBLIC_ORIGIN must be an http\(s\) origin/);
    }
    expect(problem({ EMAIL_VERIFICATION: 'sometimes' })).toMatch(
      /EMAIL_VERIFICATION must be one of required, off/,
    );
  });

  it('reads every variable', () => {
    const config = load({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATA_DIR: 'data',
      WEB_DIR: '/opt/web',
      DATABASE_URL: 'postgres://app:pw@db:5432/app',
      JWT_SECRET: 'x'.repeat(32),
      JWT_ISSUER: 'iss',
      JWT_AUDIENCE: 'aud',
      PASSWORD_HASH_COST: '14',
      UV_THREADPOOL_SIZE: '8',
      PASSWORD_HASH_QUEUE: '100',
      TRUST_PROXY: 'true',
      CORS_ORIGINS: 'http://localhost:5173, https://dev.example.test/',
      LOG_LEVEL: 'DEBUG',
      APP_VERSION: '2.0.0',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/home/me/somewhere/data',
      webDir: '/opt/web',
      store: { kind: 'postgres', databaseUrl: 'postgres://app:pw@db:5432/app' },
      jwtSecret: 'x'.repeat(32),
      jwtIssuer: 'iss',
      jwtAudience: 'aud',
      passwordHashCost: 14,
      passwordWork: { concurrency: 7, maxQueued: 100 },
      trustProxy: true,
      corsOrigins: ['http://localhost:5173', 'https://dev.example.test'],
      logLevel: 'debug',
      appVersion: '2.0.0',
    });
  });

  it('limits connections, slow clients and uploads in flight; keep-alive outlasts an ingress when behind one', () => {
    expect(load({})).toMatchObject({
      http: {
        maxConnections: 4096,
        requestTimeoutMs: 60_000,
        headersTimeoutMs: 20_000,
        keepAliveTimeoutMs: 5_000,
      },
      maxConcurrentUploads: 8,
    });
    expect(load({ TRUST_PROXY: 'true' }).http.keepAliveTimeoutMs).toBe(65_000);
    expect(
      load({
        MAX_CONNECTIONS: '500',
        REQUEST_TIMEOUT: '30',
        HEADERS_TIMEOUT: '10',
        KEEPALIVE_TIMEOUT: '75',
        UPLOADS_IN_FLIGHT: '2',
      }),
    ).toMatchObject({
      http: {
        maxConnections: 500,
        requestTimeoutMs: 30_000,
        headersTimeoutMs: 10_000,
        keepAliveTimeoutMs: 75_000,
      },
      maxConcurrentUploads: 2,
    });
    // A request timeout under the default headers timeout lowers it too.
    expect(load({ REQUEST_TIMEOUT: '5' }).http.headersTimeoutMs).toBe(5_000);
  });

  it('configures the DynamoDB store', () => {
    expect(
      load({
        STORE: 'dynamodb',
        DYNAMODB_TABLE: 'dating',
        AWS_ENDPOINT_URL: 'http://localhost:4566',
        DYNAMODB_CREATE_TABLE: 'true',
      }).store,
    ).toEqual({
      kind: 'dynamodb',
      tableName: 'dating',
      endpoint: 'http://localhost:4566',
      region: 'us-east-1',
      createTable: true,
    });
  });

  it('configures an S3-compatible photo store', () => {
    expect(
      load({
        BLOBS: 's3',
        S3_BUCKET: 'photos',
        S3_ENDPOINT: 'http://minio:9000',
        S3_PUBLIC_ENDPOINT: 'https://media.lab.test',
        S3_FORCE_PATH_STYLE: 'true',
        AWS_REGION: 'eu-west-1',
      }).blobs,
    ).toEqual({
      kind: 's3',
      bucket: 'photos',
      endpoint: 'http://minio:9000',
      publicEndpoint: 'https://media.lab.test',
      forcePathStyle: true,
      region: 'eu-west-1',
    });
  });

  it('uses path-style S3 addressing for a custom endpoint unless told otherwise', () => {
    expect(load({ BLOBS: 's3', S3_BUCKET: 'photos', S3_ENDPOINT: 'http://minio:9000' }).blobs).toMatchObject({
      forcePathStyle: true,
    });
    expect(load({ BLOBS: 's3', S3_BUCKET: 'photos' }).blobs).toMatchObject({ forcePathStyle: false });
  });

  it('treats empty variables as unset', () => {
    expect(load({ PORT: '', JWT_SECRET: '', DATABASE_URL: '' })).toMatchObject({
      port: 8080,
      store: { kind: 'postgres' },
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535'],
    [{ JWT_SECRET: 'too-short' }, 'Invalid configuration: JWT_SECRET must be at least 32 characters long'],
    [
      { JWT_SECRET: 'x'.repeat(32), JWT_PREVIOUS_SECRET: 'too-short' },
      'JWT_PREVIOUS_SECRET must be at least 32 characters long',
    ],
    [{ JWT_PREVIOUS_SECRET: 'p'.repeat(32) }, 'JWT_PREVIOUS_SECRET needs JWT_SECRET (the current key)'],
    [{ PASSWORD_HASH_COST: '12' }, 'PASSWORD_HASH_COST must be an integer from 14 to 20 (got "12")'],
    [{ UV_THREADPOOL_SIZE: '0' }, 'UV_THREADPOOL_SIZE must be an integer from 1 to 1024 (got "0")'],
    [{ PASSWORD_HASH_QUEUE: 'many' }, 'PASSWORD_HASH_QUEUE must be an integer from 0 to 10000 (got "many")'],
    [{ STORE: 'mysql' }, 'STORE must be one of postgres, dynamodb (got "mysql")'],
    [{ STORE: 'dynamodb' }, 'DYNAMODB_TABLE is required when STORE=dynamodb'],
    [{ BLOBS: 's3' }, 'S3_BUCKET is required when BLOBS=s3'],
    [{ BLOBS: 'ftp' }, 'BLOBS must be one of fs, s3 (got "ftp")'],
    [{ UPLOAD_SECRET: 'short' }, 'UPLOAD_SECRET must be at least 32 characters long'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY must be true or false (got "maybe")'],
    [{ CORS_ORIGINS: 'localhost:5173' }, 'CORS_ORIGINS must list origins like http://localhost:5173'],
    [{ CORS_ORIGINS: 'http://a.test/path' }, 'CORS_ORIGINS must list origins'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error'],
    [{ MAX_CONNECTIONS: '0' }, 'MAX_CONNECTIONS must be an integer from 1 to 1000000 (got "0")'],
    [{ UPLOADS_IN_FLIGHT: 'many' }, 'UPLOADS_IN_FLIGHT must be an integer from 1 to 1000'],
    [
      { HEADERS_TIMEOUT: '30', REQUEST_TIMEOUT: '10' },
      'HEADERS_TIMEOUT (30) must not exceed REQUEST_TIMEOUT (10)',
    ],
  ])('refuses %o with a message naming the variable', (env, message) => {
    const text = problem(env);
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
  });

  it('never repeats a bad DATABASE_URL or JWT_SECRET (they carry secrets)', () => {
    expect(problem({ DATABASE_URL: 'mysql://root:hunter2@db' })).not.toContain('hunter2');
    expect(problem({ JWT_SECRET: 'hunter2' })).not.toContain('hunter2');
    expect(problem({ JWT_SECRET: 'x'.repeat(32), JWT_PREVIOUS_SECRET: 'hunter2' })).not.toContain('hunter2');
  });

  it('names every bad variable at once', () => {
    const text = problem({ PORT: 'abc', PASSWORD_HASH_COST: '99' });
    expect(text).toContain('PORT');
    expect(text).toContain('PASSWORD_HASH_COST');
  });

  it('processes photo uploads on completion only where no upload event exists (BLOBS=s3)', () => {
    expect(labServiceConfig(load({}), { current: 's'.repeat(40) }).photos).toEqual({
      processOnComplete: false,
    });
    expect(
      labServiceConfig(load({ BLOBS: 's3', S3_BUCKET: 'photos' }), { current: 's'.repeat(40) }).photos,
    ).toEqual({
      processOnComplete: true,
    });
  });

  it('builds the service config: 15 min access tokens, 30 day refresh tokens', () => {
    const service = labServiceConfig(load({ PASSWORD_HASH_COST: '15' }), {
      current: 's'.repeat(40),
      previous: 'p'.repeat(40),
    });
    expect(service).toMatchObject({
      version: '1.2.3',
      auth: {
        keys: {
          current: { kid: keyIdOf('s'.repeat(40)), secret: new TextEncoder().encode('s'.repeat(40)) },
          previous: { kid: keyIdOf('p'.repeat(40)), secret: new TextEncoder().encode('p'.repeat(40)) },
        },
        issuer: 'dating-app',
        audience: 'dating-app',
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 2_592_000,
        passwordHashCost: 15,
      },
      photos: { processOnComplete: false },
    });
  });
});

describe('lab app root', () => {
  it('is the folder holding functions/, from the sources and from the bundle', () => {
    expect(findAppRoot(pathToFileURL('/repo/functions/src/runtime/lab/app-root.ts').href)).toBe('/repo');
    expect(findAppRoot(pathToFileURL('/app/functions/dist/lab/lab-command-X.js').href)).toBe('/app');
    expect(findAppRoot(pathToFileURL('/elsewhere/main.js').href, '/cwd')).toBe('/cwd');
  });
});

describe('lab JWT secret and data folder', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('uses JWT_SECRET (and JWT_PREVIOUS_SECRET) when set and writes nothing', async () => {
    const dataDir = join(await tempDir(), 'data');
    expect(await resolveJwtSecrets({ jwtSecret: 'e'.repeat(32), dataDir })).toEqual({
      secrets: { current: 'e'.repeat(32) },
      source: 'environment',
    });
    expect(
      await resolveJwtSecrets({ jwtSecret: 'e'.repeat(32), jwtPreviousSecret: 'p'.repeat(32), dataDir }),
    ).toEqual({ secrets: { current: 'e'.repeat(32), previous: 'p'.repeat(32) }, source: 'environment' });
    await expect(stat(dataDir)).rejects.toThrow();
  });

  it('generates a key set on first start (mode 0600) and reuses it afterwards', async () => {
    const dataDir = join(await tempDir(), 'data');
    const first = await resolveJwtSecrets({ dataDir });
    expect(first.source).toBe('generated');
    expect(first.secrets.current.length).toBeGreaterThanOrEqual(32);
    expect(first.secrets.previous).toBeUndefined();
    const file = join(dataDir, JWT_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ current: first.secrets.current });

    expect(await resolveJwtSecrets({ dataDir })).toEqual({ secrets: first.secrets, source: 'file' });
  });

  it('reads the bare key of earlier versions as the current key (sessions survive the upgrade)', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, JWT_SECRET_FILE), `${'k'.repeat(64)}\n`);
    expect(await resolveJwtSecrets({ dataDir })).toEqual({
      secrets: { current: 'k'.repeat(64) },
      source: 'file',
    });
  });

  it('rotates the key set: current becomes previous, a new current, the one before is dropped', async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, JWT_SECRET_FILE);
    await writeFile(file, `${'k'.repeat(64)}\n`);
    const first = await rotateJwtSecrets(dataDir);
    const afterFirst = (await resolveJwtSecrets({ dataDir })).secrets;
    expect(afterFirst.previous).toBe('k'.repeat(64));
    expect(first).toEqual({ current: keyIdOf(afterFirst.current), previous: keyIdOf('k'.repeat(64)) });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await rotateJwtSecrets(dataDir);
    const afterSecond = (await resolveJwtSecrets({ dataDir })).secrets;
    expect(afterSecond.previous).toBe(afterFirst.current);
    expect([afterSecond.current, afterSecond.previous]).not.toContain('k'.repeat(64));
    expect(afterSecond.current).not.toBe(afterFirst.current);
  });

  it.each([
    ['short\n', 'shorter than 32 characters'],
    ['{"current":"short"}', 'current key shorter than 32 characters'],
    [`{"current":"${'c'.repeat(32)}","previous":"short"}`, 'previous key shorter than 32 characters'],
    ['{"current":', 'is not valid JSON'],
    [`{"curent":"${'c'.repeat(32)}"}`, 'unknown fields (curent)'],
    ['{"previous":null}', 'has no "current" key'],
  ])('refuses a key file holding %j, without repeating it', async (content, message) => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, JWT_SECRET_FILE), content);
    const error = await resolveJwtSecrets({ dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('c'.repeat(32));
    await expect(rotateJwtSecrets(dataDir)).rejects.toThrow(ConfigError);
  });

  it('lets only one live process use a data folder, and takes over a stale lock', async () => {
    const dataDir = await tempDir();
    const release = await lockDataDir(dataDir);
    // Our own pid counts as stale (a restarted container is pid 1 again), so fake another live process.
    await writeFile(join(dataDir, 'lab.pid'), `${process.ppid}\n`);
    await expect(lockDataDir(dataDir)).rejects.toThrow(DataDirLockedError);
    await expect(lockDataDir(dataDir)).rejects.toThrow(/another lab process \(pid \d+\) is using/);

    await writeFile(join(dataDir, 'lab.pid'), '999999999\n');
    const again = await lockDataDir(dataDir);
    await again();
    await release();
    await expect(stat(join(dataDir, 'lab.pid'))).rejects.toThrow();
  });
});
