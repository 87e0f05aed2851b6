import { randomBytes } from 'node:crypto';
import { constants, type FileHandle, mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { BlobInfo, BlobStore } from '../../ports/blob-store';
import type { Clock } from '../../ports/clock';
import { assertSafeBlobKey } from './blob-keys';
import { signUploadPolicy } from './upload-policy';

export interface FsBlobStoreOptions {
  /** The folder holding every object (`DATA_DIR/blobs` in the lab). Created when missing. */
  root: string;
  /** Where browsers POST uploads: the lab runtime's upload endpoint (a same-origin path). */
  uploadUrl: string;
  /** HMAC key of upload policies; the upload endpoint verifies with the same key. */
  uploadSecret: Uint8Array;
  clock: Clock;
}

const isMissing = (error: unknown) =>
  error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');

/**
 * Objects as files under `root`, one file per key. Writes go to a temp file in the same folder, are flushed,
 * then renamed over the key: readers see the old object or the new one, never half of one. Temp files start
 * with a dot, which no key segment may, so they can never be read or served as objects.
 */
export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  const { root, uploadUrl, uploadSecret, clock } = options;

  const pathOf = (key: string) => {
    assertSafeBlobKey(key);
    return join(root, ...key.split('/'));
  };

  /** Opens a regular file without following a symlink at the last step; null when there is none. */
  const openObject = async (key: string): Promise<{ file: FileHandle; size: number } | null> => {
    let file: FileHandle;
    try {
      file = await open(pathOf(key), constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isMissing(error) || (error instanceof Error && 'code' in error && error.code === 'ELOOP'))
        return null;
      throw error;
    }
    const stats = await file.stat();
    if (!stats.isFile()) {
      await file.close();
      return null;
    }
    return { file, size: stats.size };
  };

  /** Removes now-empty folders between a deleted object and the root, so deleted photos leave no trace. */
  const removeEmptyParents = async (path: string) => {
    for (let folder = dirname(path); relative(root, folder) && !relative(root, folder).startsWith('..'); ) {
      try {
        await rmdir(folder);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      folder = dirname(folder);
    }
  };

  return {
    async presignUpload(policy) {
      const expiresAt = new Date(clock.now().getTime() + policy.expiresInSeconds * 1000);
      const fields = signUploadPolicy(uploadSecret, {
        key: policy.key,
        contentType: policy.contentType,
        maxBytes: policy.maxBytes,
        expiresAt,
      });
      return { url: uploadUrl, fields };
    },

    async head(key): Promise<BlobInfo | null> {
      const object = await openObject(key);
      if (!object) return null;
      await object.file.close();
      return { size: object.size, contentType: null };
    },

    async get(key) {
      const object = await openObject(key);
      if (!object) return null;
      try {
        const body = await object.file.readFile();
        return {
          body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          size: body.length,
          contentType: null,
        };
      } finally {
        await object.file.close();
      }
    },

    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = join(dirname(path), `.tmp-${randomBytes(8).toString('hex')}`);
      try {
        const file = await open(temp, 'wx', 0o600);
        try {
          await file.writeFile(body);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async delete(keys) {
      for (const key of keys) {
        const path = pathOf(key);
        await rm(path, { force: true });
        await removeEmptyParents(path);
      }
    },
  };
}

/** Every object key under `root` (tests and tools: "is anything left?"). Temp files are not objects. */
export async function listFsBlobKeys(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}
