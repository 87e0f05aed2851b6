import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore, listFsBlobKeys } from '../../src/adapters/fs/fs-blob-store';
import { systemClock } from '../../src/ports/clock';
import { describeBlobStoreContract } from './blob-store-contract';

const secret = new TextEncoder().encode('a test upload secret of 32+ bytes!!');

async function openFsStore() {
  const root = await mkdtemp(join(tmpdir(), 'fs-blobs-'));
  const blobs = createFsBlobStore({ root, uploadUrl: '/uploads', uploadSecret: secret, clock: systemClock });
  return { root, blobs, dispose: () => rm(root, { recursive: true, force: true }) };
}

describeBlobStoreContract('filesystem', openFsStore);

describe('filesystem blob store', () => {
  let store: Awaited<ReturnType<typeof openFsStore>>;
  beforeAll(async () => {
    store = await openFsStore();
  });
  afterAll(() => store.dispose());

  it.each([
    '../outside',
    'media/../../etc/passwd',
    '/etc/passwd',
    'media//x',
    'media/./x',
    'media/.hidden',
    'media/x/',
    '',
    'media\\x',
    'media/x%2f..',
    'media/ünïcode',
    'media/a\0b',
  ])('refuses the unsafe key %j for every operation', async (key) => {
    const body = new Uint8Array([1]);
    await expect(store.blobs.put(key, body, { contentType: 'text/plain' })).rejects.toThrow(
      /unsafe blob key/,
    );
    await expect(store.blobs.get(key)).rejects.toThrow(/unsafe blob key/);
    await expect(store.blobs.head(key)).rejects.toThrow(/unsafe blob key/);
    await expect(store.blobs.delete([key])).rejects.toThrow(/unsafe blob key/);
  });

  it('leaves no temp files behind, and removes emptied folders on delete', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        store.blobs.put('media/race/same.webp', new Uint8Array([index]), { contentType: 'image/webp' }),
      ),
    );
    expect(await readdir(join(store.root, 'media', 'race'))).toEqual(['same.webp']);
    await store.blobs.delete(['media/race/same.webp']);
    expect(await readdir(store.root)).not.toContain('media');
    expect(await listFsBlobKeys(store.root)).toEqual([]);
  });

  it('does not follow a symlink planted under a key, and ignores folders', async () => {
    const outside = join(store.root, '..', `secret-${Date.now()}`);
    await writeFile(outside, 'secret');
    try {
      await mkdir(join(store.root, 'media', 'links'), { recursive: true });
      await symlink(outside, join(store.root, 'media', 'links', 'evil.webp'));
      expect(await store.blobs.get('media/links/evil.webp')).toBeNull();
      expect(await store.blobs.head('media/links')).toBeNull();
      expect(await store.blobs.get('media/links')).toBeNull();
    } finally {
      await rm(outside, { force: true });
      await rm(join(store.root, 'media', 'links'), { recursive: true, force: true });
    }
  });
});
