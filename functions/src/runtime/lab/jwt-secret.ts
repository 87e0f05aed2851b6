import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type JwtSecrets, keyIdOf, parseJwtSecrets, serializeJwtSecrets } from '../access-token-keys';
import { ConfigError, type LabConfig } from './config';
import { hasErrorCode } from './errors';

/**
 * The access tokens' key set in DATA_DIR: `{"current":"...","previous":"..."}` (access-token-keys.ts), mode
 * 0600. A file holding one bare key (what earlier versions generated) is read as the current key alone.
 */
export const JWT_SECRET_FILE = 'jwt-secret';

export interface ResolvedJwtSecrets {
  secrets: JwtSecrets;
  source: 'environment' | 'file' | 'generated';
}

const newKey = () => randomBytes(48).toString('base64url');

/**
 * JWT_SECRET (and JWT_PREVIOUS_SECRET) when set; otherwise the key set kept in DATA_DIR, generated on the
 * first start so that `npm start` needs no setup and sessions survive restarts, and rotated by
 * `npm run rotate-jwt-key`. In a cluster the chart always sets JWT_SECRET.
 */
export async function resolveJwtSecrets(
  config: Pick<LabConfig, 'jwtSecret' | 'jwtPreviousSecret' | 'dataDir'>,
): Promise<ResolvedJwtSecrets> {
  if (config.jwtSecret !== undefined) {
    const secrets: JwtSecrets =
      config.jwtPreviousSecret === undefined || config.jwtPreviousSecret === config.jwtSecret
        ? { current: config.jwtSecret }
        : { current: config.jwtSecret, previous: config.jwtPreviousSecret };
    return { secrets, source: 'environment' };
  }
  const file = join(config.dataDir, JWT_SECRET_FILE);
  const existing = await readKeyFile(file);
  if (existing !== null) return { secrets: existing, source: 'file' };

  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const secrets = { current: newKey() };
  try {
    // 'wx': never overwrite; a concurrent first start that wrote it already wins and we read theirs.
    await writeFile(file, serializeJwtSecrets(secrets), { mode: 0o600, flag: 'wx' });
    return { secrets, source: 'generated' };
  } catch (error) {
    if (!hasErrorCode(error, 'EEXIST')) throw error;
    const written = await readKeyFile(file);
    if (written === null) throw error;
    return { secrets: written, source: 'file' };
  }
}

export interface RotatedJwtKeys {
  /** kid of the new current key. */
  current: string;
  /** kid of the key that signed until now (still verifies), or undefined when DATA_DIR had no key yet. */
  previous?: string;
}

/**
 * Rotates the DATA_DIR key set: the current key becomes the previous one (its tokens stay valid until they
 * expire), a new key becomes current, and the key that was previous is dropped (its tokens are refused from
 * then on). Written to a temporary file and renamed over the old one, so a crash leaves either set whole.
 * A running server reads the file when it starts: restart it to sign with the new key.
 */
export async function rotateJwtSecrets(dataDir: string): Promise<RotatedJwtKeys> {
  const file = join(dataDir, JWT_SECRET_FILE);
  const existing = await readKeyFile(file);
  const secrets: JwtSecrets =
    existing === null ? { current: newKey() } : { current: newKey(), previous: existing.current };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, serializeJwtSecrets(secrets), { mode: 0o600, flag: 'w' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return {
    current: keyIdOf(secrets.current),
    ...(secrets.previous === undefined ? {} : { previous: keyIdOf(secrets.previous) }),
  };
}

async function readKeyFile(file: string): Promise<JwtSecrets | null> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
  const parsed = parseJwtSecrets(content, file);
  if (!parsed.ok) {
    throw new ConfigError(
      `Invalid configuration: ${parsed.problem}; delete it to generate a new key set, or set JWT_SECRET`,
    );
  }
  return parsed.secrets;
}
