import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore, listFsBlobKeys } from '../../src/adapters/fs/fs-blob-store';
import { openPostgresStore } from '../../src/adapters/postgres';
import { AppError } from '../../src/domain/errors';
import { renditionKeys, uploadKey } from '../../src/domain/photos';
import type { BlobStore } from '../../src/ports/blob-store';
import type { ImageProcessor } from '../../src/ports/image-processor';
import type { Store } from '../../src/ports/repositories';
import type { Deps } from '../../src/services/deps';
import {
  completePhotoUpload,
  deletePhoto,
  listPhotos,
  startPhotoUpload,
} from '../../src/services/photos/photo-service';
import { processUpload } from '../../src/services/photos/process-upload';
import { aUser } from '../contract/fixtures';
import { plainPng } from '../support/images';
import { photoDeps } from '../support/photo-deps';

describe('photo service', () => {
  let store: Store;
  let blobs: BlobStore;
  let root: string;
  let now = Date.UTC(2026, 2, 1, 12);
  const clock = { now: () => new Date(now) };
  const deps = (overrides: Partial<Deps> = {}): Deps => ({
    ...photoDeps({ store, blobs, clock }),
    ...overrides,
  });

  beforeAll(async () => {
    store = (await openPostgresStore()).store;
    root = await mkdtemp(join(tmpdir(), 'photo-service-'));
    blobs = createFsBlobStore({
      root,
      uploadUrl: '/uploads',
      uploadSecret: new Uint8Array(32).fill(1),
      clock,
    });
  });
  afterAll(async () => {
    await store?.close();
    await rm(root, { recursive: true, force: true });
  });

  const newUser = async () => {
    const user = aUser();
    await store.users.create(user);
    return user.id;
  };
  /** Files that name the user or (renditions) one of the given media tokens. */
  const filesOf = async (userId: string, ...mediaTokens: string[]) =>
    (await listFsBlobKeys(root)).filter((key) => [userId, ...mediaTokens].some((part) => key.includes(part)));
  const appError = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    return error instanceof AppError ? [error.status, error.code] : error;
  };

  it('expires a photo whose upload never came, freeing its slot, and deletes a late upload', async () => {
    const userId = await newUser();
    const started = await Promise.all(
      Array.from({ length: 6 }, () =>
        startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 10 }),
      ),
    );
    expect(await appError(startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 10 }))).toEqual([
      409,
      'photo_limit',
    ]);
    const late = started[0]?.photo.id ?? '';
    await blobs.put(uploadKey(userId, late), await plainPng(4, 4), { contentType: 'image/png' });
    now += 14 * 60_000; // not yet: 5 min upload window + 10 min grace
    expect((await listPhotos(deps(), userId)).every((photo) => photo.status === 'pending')).toBe(true);
    now += 2 * 60_000;
    const listed = await listPhotos(deps(), userId);
    expect(listed.map((photo) => [photo.status, photo.rejectReason])).toEqual(
      Array.from({ length: 6 }, () => ['rejected', 'upload_expired']),
    );
    expect(await filesOf(userId)).toEqual([]);
    expect(
      (await startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 10 })).photo.status,
    ).toBe('pending');
  });

  it('keeps only the newest rejected photos when a new upload starts', async () => {
    const userId = await newUser();
    for (let index = 0; index < 6; index += 1) {
      const { photo } = await startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 10 });
      await store.photos.markProcessed(
        userId,
        photo.id,
        { status: 'rejected', reason: 'corrupt_image' },
        clock.now().toISOString(),
      );
      now += 1_000;
    }
    const before = await listPhotos(deps(), userId);
    await startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 10 });
    const after = await listPhotos(deps(), userId);
    expect(after.filter((photo) => photo.status === 'rejected').map((photo) => photo.id)).toEqual(
      before.slice(1).map((photo) => photo.id),
    );
  });

  it('cleans up renditions of a photo deleted while it was being processed', async () => {
    const userId = await newUser();
    const { photo } = await startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 100 });
    await blobs.put(uploadKey(userId, photo.id), await plainPng(50, 50), { contentType: 'image/png' });
    const real = deps().images;
    // The owner deletes the photo while sharp is busy with it.
    const slowImages: ImageProcessor = {
      async render(...args) {
        await deletePhoto(deps(), userId, photo.id);
        return real.render(...args);
      },
    };
    const record = await store.photos.get(userId, photo.id);
    if (!record?.mediaToken) throw new Error('the pending photo has no media token');
    const processing = await processUpload(deps({ images: slowImages }), uploadKey(userId, photo.id));
    expect(processing).toEqual({ result: 'ignored', why: 'photo_gone' });
    expect(await filesOf(userId, record.mediaToken)).toEqual([]);
    for (const key of renditionKeys(record)) expect(await blobs.head(key)).toBeNull();
  });

  it('processes on /complete only where configured, and removes an upload whose photo is gone', async () => {
    const userId = await newUser();
    const { photo } = await startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 100 });
    await blobs.put(uploadKey(userId, photo.id), await plainPng(50, 50), { contentType: 'image/png' });
    expect((await completePhotoUpload(deps(), userId, photo.id)).status).toBe('pending');
    const processed = await completePhotoUpload(
      { ...deps(), config: { ...deps().config, photos: { processOnComplete: true } } },
      userId,
      photo.id,
    );
    expect(processed.status).toBe('ready');

    const { photo: orphan } = await startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 100 });
    await store.photos.remove(userId, orphan.id);
    await blobs.put(uploadKey(userId, orphan.id), await plainPng(5, 5), { contentType: 'image/png' });
    expect(await appError(completePhotoUpload(deps(), userId, orphan.id))).toEqual([404, 'not_found']);
    expect(await blobs.head(uploadKey(userId, orphan.id))).toBeNull();
  });

  it('never fails processing because the owner could not be told', async () => {
    const userId = await newUser();
    const { photo } = await startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 100 });
    await blobs.put(uploadKey(userId, photo.id), await plainPng(20, 20), { contentType: 'image/png' });
    const events: unknown[] = [];
    const failing = deps({
      notifier: {
        async publish(userIds, event) {
          events.push({ userIds, event });
          throw new Error('connection registry down');
        },
        async disconnectSessions() {
          throw new Error('connection registry down');
        },
        async sendToConnection() {
          throw new Error('connection registry down');
        },
      },
    });
    const processing = await processUpload(failing, uploadKey(userId, photo.id));
    expect(processing.result).toBe('ready');
    expect(events).toEqual([
      {
        userIds: [userId],
        event: {
          type: 'photo',
          photo: expect.objectContaining({ id: photo.id, status: 'ready', urls: expect.any(Object) }),
        },
      },
    ]);
  });
});
