import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateVapidKeys, type VapidKeys } from '../../adapters/push/web-push-sender';
import type { LabConfig } from './config';
import { hasErrorCode } from './errors';

/** The VAPID key pair in DATA_DIR: `{"publicKey":"...","privateKey":"..."}`, mode 0600. */
export const VAPID_KEYS_FILE = 'vapid-keys';

export interface ResolvedVapidKeys {
  keys: VapidKeys;
  source: 'environment' | 'file' | 'generated';
}

const parse = (text: string): VapidKeys | null => {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { publicKey, privateKey } = value as Record<string, unknown>;
    return typeof publicKey === 'string' && typeof privateKey === 'string' ? { publicKey, privateKey } : null;
  } catch {
    return null;
  }
};

async function readKeys(file: string): Promise<VapidKeys | null> {
  try {
    const keys = parse(await readFile(file, 'utf8'));
    if (keys === null)
      throw new Error(`${file} does not hold a VAPID key pair; remove it to generate a new one`);
    return keys;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
}

/**
 * VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when set (the chart sets them from its Secret); otherwise the pair kept in
 * DATA_DIR, generated on the first start like the JWT key, so `npm start` needs no setup. The pair must stay:
 * browsers subscribed with the public key, and a new key orphans every subscription.
 */
export async function resolveVapidKeys(
  config: Pick<LabConfig, 'push' | 'dataDir'>,
): Promise<ResolvedVapidKeys> {
  if (config.push.vapid !== undefined) return { keys: config.push.vapid, source: 'environment' };
  const file = join(config.dataDir, VAPID_KEYS_FILE);
  const existing = await readKeys(file);
  if (existing !== null) return { keys: existing, source: 'file' };
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const keys = generateVapidKeys();
  try {
    // 'wx': never overwrite; a concurrent first start that wrote it already wins and we read theirs.
    await writeFile(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
    return { keys, source: 'generated' };
  } catch (error) {
    if (!hasErrorCode(error, 'EEXIST')) throw error;
    const written = await readKeys(file);
    if (written === null) throw error;
    return { keys: written, source: 'file' };
  }
}
