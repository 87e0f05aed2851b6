import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type LabConfig, MIN_JWT_SECRET_LENGTH } from './config';
import { hasErrorCode } from './errors';

export const JWT_SECRET_FILE = 'jwt-secret';

export interface JwtSecret {
  secret: string;
  source: 'environment' | 'file' | 'generated';
}

/**
 * JWT_SECRET when set; otherwise the secret kept in DATA_DIR, generated (0600) on the first start so that
 * `npm start` needs no setup and sessions survive restarts. In a cluster the chart always sets JWT_SECRET.
 */
export async function resolveJwtSecret(config: Pick<LabConfig, 'jwtSecret' | 'dataDir'>): Promise<JwtSecret> {
  if (config.jwtSecret !== undefined) return { secret: config.jwtSecret, source: 'environment' };
  const file = join(config.dataDir, JWT_SECRET_FILE);
  const existing = await readSecretFile(file);
  if (existing !== null) return { secret: existing, source: 'file' };

  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx': never overwrite; a concurrent first start that wrote it already wins and we read theirs.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, source: 'generated' };
  } catch (error) {
    if (!hasErrorCode(error, 'EEXIST')) throw error;
    const written = await readSecretFile(file);
    if (written === null) throw error;
    return { secret: written, source: 'file' };
  }
}

async function readSecretFile(file: string): Promise<string | null> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
  const secret = content.trim();
  if (secret.length < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError(
      `Invalid configuration: ${file} holds a JWT secret shorter than ${MIN_JWT_SECRET_LENGTH} characters; ` +
        'delete it to generate a new one, or set JWT_SECRET',
    );
  }
  return secret;
}
