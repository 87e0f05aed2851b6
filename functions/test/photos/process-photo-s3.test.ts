import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import { createS3BlobStore } from '../../src/adapters/s3/s3-blob-store';
import { newId } from '../../src/domain/ids';
import { MAX_PHOTOS_PER_USER, photoObjectKeys, renditionKey, uploadKey } from '../../src/domain/photos';
import { createPhotoEventHandler } from '../../src/handlers/events/process-photo';
import type { Store } from '../../src/ports/repositories';
import { objectCreatedPostEvent } from '../../src/runtime/lab/s3-event';
import type { Deps } from '../../src/services/deps';
import { aUser } from '../contract/fixtures';
import {
  cameraJpeg,
  containsText,
  htmlRenamedJpg,
  metadataLeft,
  pixelBombPng,
  svgRenamedJpg,
  truncatedJpeg,
} from '../support/images';
import { photoDeps } from '../support/photo-deps';
import { type RunningS3rver, startS3rver } from '../support/s3rver';

/**
 * The photo handler as AWS runs it: an S3 ObjectCreated:Post event for an object in an S3-compatible store
 * (s3rver), uploaded with the presigned POST the service hands out.
 */
describe('photo handler with S3 events against s3rver', () => {
  let s3: RunningS3rver;
  let store: Store;
  let deps: Deps;
  const handler = createPhotoEventHandler(async () => deps);

  beforeAll(async () => {
    s3 = await startS3rver();
    store = (await openPostgresStore()).store;
    deps = photoDeps({ store, blobs: createS3BlobStore({ client: s3.client(), bucket: s3.bucket }) });
  });
  afterAll(async () => {
    await store?.close();
    await s3?.stop();
  });

  /** A pending photo whose original was uploaded with a real presigned POST. */
  async function uploaded(bytes: Uint8Array, contentType = 'image/jpeg') {
    const user = aUser();
    await store.users.create(user);
    const photoId = newId();
    await store.photos.add(
      {
        id: photoId,
        userId: user.id,
        contentType,
        declaredSize: bytes.byteLength,
        createdAt: new Date().toISOString(),
      },
      MAX_PHOTOS_PER_USER,
    );
    const key = uploadKey(user.id, photoId);
    const upload = await deps.blobs.presignUpload({
      key,
      contentType,
      maxBytes: 10 * 1024 * 1024,
      expiresInSeconds: 300,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([bytes], { type: contentType }), 'photo.jpg');
    expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBe(204);
    const event = objectCreatedPostEvent({
      bucket: s3.bucket,
      key,
      size: bytes.byteLength,
      body: bytes,
      sourceIp: '127.0.0.1',
      region: 'us-east-1',
      eventTime: new Date(),
    });
    return { userId: user.id, photoId, key, event };
  }

  const stored = async (userId: string, photoId: string) => {
    const present: string[] = [];
    for (const key of photoObjectKeys(userId, photoId)) if (await deps.blobs.head(key)) present.push(key);
    return present;
  };

  it('makes clean WebP renditions, deletes the original and marks the photo ready', async () => {
    const { userId, photoId, key, event } = await uploaded(await cameraJpeg(1600, 1200));
    await handler(event);
    expect(await store.photos.get(userId, photoId)).toMatchObject({ status: 'ready', rejectReason: null });
    expect(await deps.blobs.head(key)).toBeNull();
    for (const [name, longest, width] of [
      ['thumb', 256, 192],
      ['display', 1080, 810],
    ] as const) {
      const object = await deps.blobs.get(renditionKey(userId, photoId, name));
      if (!object) throw new Error(`no ${name} rendition`);
      expect(object.contentType).toBe('image/webp');
      expect(await metadataLeft(object.body)).toMatchObject({
        format: 'webp',
        width,
        height: longest,
        exif: false,
        xmp: false,
        icc: false,
      });
      expect(containsText(object.body, 'TestCam')).toBe(false);
    }
  });

  it('stores renditions with long-lived cache headers', async () => {
    const { userId, photoId, event } = await uploaded(await cameraJpeg(400, 300));
    await handler(event);
    const response = await fetch(`${s3.endpoint}/${s3.bucket}/${renditionKey(userId, photoId, 'thumb')}`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).format).toBe('webp');
  });

  it('is idempotent: a redelivered event changes nothing', async () => {
    const { userId, photoId, event } = await uploaded(await cameraJpeg(400, 300));
    await handler(event);
    const first = await store.photos.get(userId, photoId);
    const thumb = await deps.blobs.get(renditionKey(userId, photoId, 'thumb'));
    await handler(event);
    await Promise.all([handler(event), handler(event)]);
    expect(await store.photos.get(userId, photoId)).toEqual(first);
    expect((await deps.blobs.get(renditionKey(userId, photoId, 'thumb')))?.body).toEqual(thumb?.body);
  });

  it('lets one of two concurrent deliveries win, leaving exactly one good result', async () => {
    const { userId, photoId, event } = await uploaded(await cameraJpeg(800, 600));
    await Promise.all([handler(event), handler(event)]);
    expect((await store.photos.get(userId, photoId))?.status).toBe('ready');
    expect((await stored(userId, photoId)).sort()).toEqual(
      [renditionKey(userId, photoId, 'display'), renditionKey(userId, photoId, 'thumb')].sort(),
    );
  });

  it('leaves nothing behind when the photo was deleted before its event arrived', async () => {
    const { userId, photoId, event } = await uploaded(await cameraJpeg(400, 300));
    await store.photos.remove(userId, photoId);
    await handler(event);
    expect(await stored(userId, photoId)).toEqual([]);
  });

  it.each([
    ['HTML renamed .jpg', htmlRenamedJpg, 'unsupported_type'],
    ['SVG renamed .jpg', svgRenamedJpg, 'unsupported_type'],
    ['a truncated JPEG', truncatedJpeg, 'corrupt_image'],
    ['a pixel bomb', () => pixelBombPng(20_000), 'too_many_pixels'],
  ] as const)('rejects %s and keeps no object of it', async (_name, make, reason) => {
    const { userId, photoId, event } = await uploaded(await make());
    await handler(event);
    expect(await store.photos.get(userId, photoId)).toMatchObject({
      status: 'rejected',
      rejectReason: reason,
    });
    expect(await stored(userId, photoId)).toEqual([]);
  });

  it('ignores keys outside uploads/ and events of other kinds', async () => {
    const { userId, photoId, event } = await uploaded(await cameraJpeg(200, 100));
    const [record] = event.Records;
    if (!record) throw new Error('no record');
    await handler({ Records: [{ ...record, eventName: 'ObjectRemoved:Delete' }] });
    await handler({
      Records: [
        { ...record, s3: { ...record.s3, object: { ...record.s3.object, key: 'media/x/y/256.webp' } } },
      ],
    });
    expect((await store.photos.get(userId, photoId))?.status).toBe('pending');
  });
});
