// Storage side of the chart's backups; runs in the app image (node and its @aws-sdk/client-s3). The other side,
// backup.sh, runs pg_dump/pg_restore in the PostgreSQL image; both share the folder $BACKUP_WORK.
//
//   node backup.mjs store           every *.dump in $BACKUP_WORK -> the destination (encrypted when asked),
//                                   then keeps only the newest $BACKUP_KEEP backups there
//   node backup.mjs fetch [NAME]    the backup NAME (default: the newest) -> $BACKUP_WORK/restore.dump (decrypted)
//   node backup.mjs list            the backups at the destination, oldest first
//
// Destination: BACKUP_DESTINATION=pvc (files in $BACKUP_DIR) or s3 (S3_BUCKET, S3_PREFIX, S3_ENDPOINT, S3_REGION,
// S3_FORCE_PATH_STYLE; credentials from the AWS SDK's usual chain).
// Encryption: BACKUP_ENCRYPTION=openssl with the passphrase in the file $BACKUP_KEY_FILE (its first line). The
// files are exactly what `openssl enc -aes-256-cbc -pbkdf2 -iter 100000 -md sha256 -salt` writes, so they can be
// read without this script:
//   openssl enc -d -aes-256-cbc -pbkdf2 -iter 100000 -md sha256 -pass file:key.txt -in X.dump.enc -out X.dump
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const env = process.env;
const work = required('BACKUP_WORK');
const prefix = env.BACKUP_PREFIX || 'dating';
const encryption = env.BACKUP_ENCRYPTION || 'none';
const keep = Number(env.BACKUP_KEEP || '7');
const ITERATIONS = 100_000;
const MAGIC = Buffer.from('Salted__');
/** `<prefix>-20260101T031700Z.dump` or `.dump.enc`: names sort by time. */
const NAME = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{8}T\\d{6}Z\\.dump(\\.enc)?$`);

function required(name) {
  const value = env[name];
  if (!value) fail(`${name} is required`);
  return value;
}

function fail(message) {
  process.stderr.write(`backup.mjs: ${message}\n`);
  process.exit(1);
}

const log = (message) => process.stdout.write(`backup.mjs: ${message}\n`);

async function passphrase() {
  const text = await readFile(required('BACKUP_KEY_FILE'), 'utf8');
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line.length < 16) fail('the encryption passphrase must be at least 16 characters');
  return line;
}

function keyAndIv(secret, salt) {
  const derived = pbkdf2Sync(secret, salt, ITERATIONS, 48, 'sha256');
  return { key: derived.subarray(0, 32), iv: derived.subarray(32) };
}

/** openssl enc's salted format: "Salted__", 8 salt bytes, then AES-256-CBC. */
async function encryptFile(source, target, secret) {
  const salt = randomBytes(8);
  const { key, iv } = keyAndIv(secret, salt);
  const out = createWriteStream(target, { mode: 0o600 });
  out.write(Buffer.concat([MAGIC, salt]));
  await pipeline(createReadStream(source), createCipheriv('aes-256-cbc', key, iv), out);
}

function decryptor(secret) {
  let header = Buffer.alloc(0);
  let decipher = null;
  return new Transform({
    transform(chunk, _encoding, callback) {
      try {
        if (decipher === null) {
          header = Buffer.concat([header, chunk]);
          if (header.length < 16) return callback();
          if (!header.subarray(0, 8).equals(MAGIC)) throw new Error('not an openssl-encrypted backup');
          const { key, iv } = keyAndIv(secret, header.subarray(8, 16));
          decipher = createDecipheriv('aes-256-cbc', key, iv);
          chunk = header.subarray(16);
        }
        callback(null, decipher.update(chunk));
      } catch (error) {
        callback(error);
      }
    },
    flush(callback) {
      try {
        if (decipher === null) throw new Error('the backup is truncated');
        callback(null, decipher.final());
      } catch (error) {
        callback(new Error(`cannot decrypt the backup (wrong passphrase?): ${error.message}`));
      }
    },
  });
}

/** The destination: list names, put a local file, get a stream, delete a name. */
async function destination() {
  const kind = env.BACKUP_DESTINATION || 'pvc';
  if (kind === 'pvc') {
    const dir = required('BACKUP_DIR');
    await mkdir(dir, { recursive: true });
    return {
      where: dir,
      list: async () => (await readdir(dir)).filter((name) => NAME.test(name)).sort(),
      put: async (file, name) => {
        // Written under a temporary name first: a half-copied file never looks like a backup.
        const partial = join(dir, `.${name}.partial`);
        await pipeline(createReadStream(file), createWriteStream(partial, { mode: 0o600 }));
        await rename(partial, join(dir, name));
      },
      get: async (name) => createReadStream(join(dir, name)),
      remove: (name) => rm(join(dir, name)),
    };
  }
  if (kind !== 's3') fail(`BACKUP_DESTINATION must be pvc or s3 (got "${kind}")`);
  // The app image's SDK (its node_modules), wherever this script is mounted.
  const require = createRequire(join(env.BACKUP_APP_DIR || '/app/functions', 'package.json'));
  const s3 = require('@aws-sdk/client-s3');
  const bucket = required('S3_BUCKET');
  const keyPrefix = env.S3_PREFIX ?? 'backups/';
  const client = new s3.S3Client({
    region: env.S3_REGION || env.AWS_REGION || 'us-east-1',
    // Self-hosted stores (MinIO, Garage, Ceph RGW) do not all understand the SDK's streamed checksums.
    ...(env.S3_ENDPOINT
      ? {
          endpoint: env.S3_ENDPOINT,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
  });
  return {
    where: `s3://${bucket}/${keyPrefix}`,
    list: async () => {
      const names = [];
      let token;
      do {
        const page = await client.send(
          new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: keyPrefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          const name = (object.Key ?? '').slice(keyPrefix.length);
          if (NAME.test(name)) names.push(name);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return names.sort();
    },
    put: async (file, name) => {
      const { size } = await stat(file);
      await client.send(
        new s3.PutObjectCommand({
          Bucket: bucket,
          Key: keyPrefix + name,
          Body: createReadStream(file),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        }),
      );
    },
    get: async (name) => {
      const object = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: keyPrefix + name }));
      return object.Body instanceof Readable
        ? object.Body
        : Readable.fromWeb(object.Body.transformToWebStream());
    },
    remove: (name) => client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: keyPrefix + name })),
  };
}

async function store() {
  if (!Number.isInteger(keep) || keep < 1) fail('BACKUP_KEEP must be a whole number of at least 1');
  const target = await destination();
  const dumps = (await readdir(work)).filter((name) => NAME.test(name) && name.endsWith('.dump'));
  if (dumps.length === 0) fail(`no dump in ${work}: the dump step failed`);
  for (const dump of dumps) {
    const source = join(work, dump);
    let file = source;
    let name = dump;
    if (encryption === 'openssl') {
      name = `${dump}.enc`;
      file = join(work, name);
      await encryptFile(source, file, await passphrase());
    } else if (encryption !== 'none') {
      fail(`BACKUP_ENCRYPTION must be none or openssl (got "${encryption}")`);
    }
    await target.put(file, name);
    log(`stored ${name} in ${target.where}`);
  }
  const names = await target.list();
  for (const old of names.slice(0, Math.max(0, names.length - keep))) {
    await target.remove(old);
    log(`removed ${old} (keeping the newest ${keep})`);
  }
}

async function fetch(wanted) {
  const target = await destination();
  const names = await target.list();
  const name = wanted && wanted !== 'latest' ? basename(wanted) : names.at(-1);
  if (!name || !names.includes(name)) {
    fail(
      `no backup ${wanted || '(none at all)'} in ${target.where}; there are: ${names.join(', ') || 'none'}`,
    );
  }
  const output = join(work, 'restore.dump');
  const source = await target.get(name);
  const steps = name.endsWith('.enc') ? [decryptor(await passphrase())] : [];
  await pipeline(source, ...steps, createWriteStream(output, { mode: 0o600 }));
  log(`fetched ${name} from ${target.where} into ${output}`);
}

const [command, argument] = process.argv.slice(2);
try {
  if (command === 'store') await store();
  else if (command === 'fetch') await fetch(argument);
  else if (command === 'list') for (const name of await (await destination()).list()) log(name);
  else fail('usage: node backup.mjs store | fetch [NAME|latest] | list');
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
