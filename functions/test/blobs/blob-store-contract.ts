import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { BlobStore } from '../../src/ports/blob-store';

export interface BlobStoreUnderTest {
  blobs: BlobStore;
  dispose(): Promise<void>;
}

const key = (prefix = 'media') => `${prefix}/${newId()}/${newId()}/256.webp`;
const bytes = (text: string) => new TextEncoder().encode(text);

/** THE blob store contract: the filesystem store and the S3 store (against s3rver) both pass it. */
export function describeBlobStoreContract(name: string, open: () => Promise<BlobStoreUnderTest>): void {
  describe(`blob store contract: ${name}`, () => {
    let subject: BlobStoreUnderTest;
    const blobs = () => subject.blobs;

    beforeAll(async () => {
      subject = await open();
    }, 60_000);
    afterAll(async () => {
      await subject?.dispose();
    });

    it('stores an object and reads it back byte for byte', async () => {
      const target = key();
      const body = new Uint8Array(randomBytes(70_000));
      body.set([0, 255, 13, 10], 0);
      await blobs().put(target, body, { contentType: 'image/webp', cacheControl: 'public, max-age=60' });
      const object = await blobs().get(target);
      expect(object?.size).toBe(body.byteLength);
      expect(Buffer.from(object?.body ?? new Uint8Array()).equals(Buffer.from(body))).toBe(true);
      expect((await blobs().head(target))?.size).toBe(body.byteLength);
    });

    it('answers null for objects that do not exist', async () => {
      expect(await blobs().get(key())).toBeNull();
      expect(await blobs().head(key())).toBeNull();
    });

    it('replaces an object whole', async () => {
      const target = key();
      await blobs().put(target, bytes('first version, longer'), { contentType: 'text/plain' });
      await blobs().put(target, bytes('second'), { contentType: 'text/plain' });
      expect(new TextDecoder().decode((await blobs().get(target))?.body)).toBe('second');
    });

    it('deletes objects, and treats missing ones as deleted', async () => {
      const kept = key();
      const gone = [key(), key('uploads')];
      for (const target of [kept, ...gone])
        await blobs().put(target, bytes(target), { contentType: 'text/plain' });
      await blobs().delete([...gone, key()]);
      for (const target of gone) expect(await blobs().get(target)).toBeNull();
      expect(await blobs().head(kept)).not.toBeNull();
      await blobs().delete([]);
      await blobs().delete(gone);
    });

    it('stores an empty object', async () => {
      const target = key();
      await blobs().put(target, new Uint8Array(), { contentType: 'application/octet-stream' });
      expect((await blobs().head(target))?.size).toBe(0);
    });

    it('presigns an upload bound to one key and one content type', async () => {
      const target = `uploads/${newId()}/${newId()}`;
      const upload = await blobs().presignUpload({
        key: target,
        contentType: 'image/png',
        maxBytes: 1024,
        expiresInSeconds: 300,
      });
      expect(upload.url).not.toBe('');
      expect(upload.fields.key).toBe(target);
      expect(upload.fields['Content-Type']).toBe('image/png');
      expect(upload.fields.Policy).toMatch(/^[A-Za-z0-9+/]+=*$/);
    });
  });
}
