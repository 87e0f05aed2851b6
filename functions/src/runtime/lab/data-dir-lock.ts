import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode } from './errors';

const LOCK_FILE = 'lab.pid';

/** Another live process holds the data folder. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/**
 * PGlite is a single-process database: two processes opening the same folder (a second `npm start`, or
 * `npm run migrate` while the server runs) would corrupt it. A pid file taken with O_EXCL keeps them
 * apart; a file left by a dead process (or by our own pid, as after a container restart) is taken over.
 * Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt += 1) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST') || attempt > 0) throw error;
      const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(
          `another lab process (pid ${holder}) is using ${dataDir}; stop it first (or remove ${file} if it is stale)`,
        );
      }
      await unlink(file).catch(() => undefined);
    }
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const holder = await readFile(file, 'utf8').catch(() => '');
    if (Number.parseInt(holder, 10) === process.pid) await unlink(file).catch(() => undefined);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return hasErrorCode(error, 'EPERM');
  }
}
