import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import { createS3BlobStore } from '../../src/adapters/s3/s3-blob-store';
import { newId } from '../../src/domain/ids';
import {
  MAX_PHOTOS_PER_USER,
  type PhotoMediaRef,
  photoObjectKeys,
  renditionKey,
  uploadKey,
} from '../../src/domain/photos';
import { createPhotoEventHandler } from '../../src/handlers/events/process-photo';
import type { Store } from '../../src/ports/repositories';
import { objectCreatedPostEvent } from '../../src/runtime/lab/s3-event';
import type { Deps } from '../../src/services/deps';
import { newMediaToken } from '../../src/services/photos/photo-media';
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
    const mediaToken = newMediaToken();
    await store.photos.add(
      {
        id: photoId,
        userId: user.id,
        contentType,
        declaredSize: bytes.byteLength,
        mediaToken,
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
    return { userId: user.id, photoId, key, event, ref: { userId: user.id, id: photoId, mediaToken } };
  }

  /** The photo as stored (its media token names its renditions). */
  const recordOf = async (userId: string, photoId: string) => {
    const photo = await store.photos.get(userId, photoId);
    if (!photo) throw new Error(`photo ${photoId} is gone`);
    return photo;
  };

  /** Which of the objects the photo may own exist (the upload, the renditions under its token). */
  const stored = async (photo: PhotoMediaRef) => {
    const present: string[] = [];
    for (const key of photoObjectKeys(photo)) {
      if (await deps.blobs.head(key)) present.push(key);
    }
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
      const object = await deps.blobs.get(renditionKey(await recordOf(userId, photoId), name));
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

  it('stores renditions under their media token with a 60 s cache lifetime', async () => {
    const { userId, photoId, event } = await uploaded(await cameraJpeg(400, 300));
    await handler(event);
    const key = renditionKey(await recordOf(userId, photoId), 'thumb');
    expect(key).toMatch(/^media\/[0-9a-f]{32}\/256\.webp$/);
    const response = await fetch(`${s3.endpoint}/${s3.bucket}/${key}`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).format).toBe('webp');
  });

  it('is idempotent: a redelivered event changes nothing', async () => {
    const { userId, photoId, event } = await uploaded(await cameraJpeg(400, 300));
    await handler(event);
    const first = await recordOf(userId, photoId);
    const thumb = await deps.blobs.get(renditionKey(first, 'thumb'));
    await handler(event);
    await Promise.all([handler(event), handler(event)]);
    expect(await store.photos.get(userId, photoId)).toEqual(first);
    expect((await deps.blobs.get(renditionKey(first, 'thumb')))?.body).toEqual(thumb?.body);
  });

  it('lets one of two concurrent deliveries win, leaving exactly one good result', async () => {
    const { userId, photoId, event, ref } = await uploaded(await cameraJpeg(800, 600));
    await Promise.all([handler(event), handler(event)]);
    expect((await store.photos.get(userId, photoId))?.status).toBe('ready');
    const photo = await recordOf(userId, photoId);
    expect((await stored(ref)).sort()).toEqual(
      [renditionKey(photo, 'display'), renditionKey(photo, 'thumb')].sort(),
    );
  });

  it('leaves nothing behind when the photo was deleted before its event arrived', async () => {
    const { userId, photoId, event, ref } = await uploaded(await cameraJpeg(400, 300));
    await store.photos.remove(userId, photoId);
    await handler(event);
    expect(await stored(ref)).toEqual([]);
  });

  it.each([
    ['HTML renamed .jpg', htmlRenamedJpg, 'unsupported_type'],
    ['SVG renamed .jpg', svgRenamedJpg, 'unsupported_type'],
    ['a truncated JPEG', truncatedJpeg, 'corrupt_image'],
    ['a pixel bomb', () => pixelBombPng(20_000), 'too_many_pixels'],
  ] as const)('rejects %s and keeps no object of it', async (_name, make, reason) => {
    const { userId, photoId, event, ref } = await uploaded(await make());
    await handler(event);
    expect(await store.photos.get(userId, photoId)).toMatchObject({
      status: 'rejected',
      rejectReason: reason,
    });
    expect(await stored(ref)).toEqual([]);
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
