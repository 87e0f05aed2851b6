import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photosKey } from '../../src/adapters/dynamodb/keys';
import { createFsBlobStore, listFsBlobKeys } from '../../src/adapters/fs/fs-blob-store';
import { openPostgresStore } from '../../src/adapters/postgres';
import { mediaKeyPattern, renditionKeys, uploadKey } from '../../src/domain/photos';
import type { BlobStore } from '../../src/ports/blob-store';
import type { PhotoRecord } from '../../src/ports/photos';
import type { Store } from '../../src/ports/repositories';
import { listPhotos, startPhotoUpload } from '../../src/services/photos/photo-service';
import { toPublicPhoto } from '../../src/services/photos/photo-views';
import { processUpload } from '../../src/services/photos/process-upload';
import { blockUser } from '../../src/services/safety/block-service';
import { aUser } from '../contract/fixtures';
import { dynamoDbLocalSkipReason } from '../support/dynamodb-local';
import { openDynamoDbTestStore } from '../support/dynamodb-store';
import { plainPng } from '../support/images';
import { photoDeps } from '../support/photo-deps';

/**
 * Photos stored before media tokens existed: their renditions live under `media/<userId>/<photoId>/` and the
 * record has no token. An upgrade must keep them working, and the first chance (the owner's photo listing, or
 * a block) moves them under a token. Legacy records are made here the only way they can exist now: by
 * clearing the token in the store directly (PostgreSQL: the column migration 0008 added as NULL; DynamoDB:
 * an entry without the attribute).
 */
interface LegacyWorld {
  name: string;
  unavailable: string | null;
  open(): Promise<{ store: Store; forgetToken(photo: PhotoRecord): Promise<void>; close(): Promise<void> }>;
}

const worlds: LegacyWorld[] = [
  {
    name: 'PostgreSQL (PGlite)',
    unavailable: null,
    async open() {
      const { store, client } = await openPostgresStore();
      return {
        store,
        forgetToken: async (photo) => {
          await client.query('UPDATE photos SET media_token = NULL WHERE id = $1', [photo.id]);
        },
        close: () => store.close(),
      };
    },
  },
  {
    name: 'DynamoDB Local',
    unavailable: dynamoDbLocalSkipReason(),
    async open() {
      const dynamo = await openDynamoDbTestStore();
      const { document, tableName } = dynamo.table;
      return {
        store: dynamo.store,
        forgetToken: async (photo) => {
          await document.send(
            new UpdateCommand({
              TableName: tableName,
              Key: photosKey(photo.userId),
              UpdateExpression: 'REMOVE #photos.#p0.mediaToken',
              ExpressionAttributeNames: { '#photos': 'photos', '#p0': photo.id },
            }),
          );
        },
        close: () => dynamo.dispose(),
      };
    },
  },
];

describe.each(worlds)('photos stored before media tokens ($name)', (world) => {
  if (world.unavailable !== null) {
    it.skip(`skipped: ${world.unavailable}`, () => {});
    return;
  }
  let opened: Awaited<ReturnType<LegacyWorld['open']>>;
  let blobs: BlobStore;
  let root: string;
  const deps = () => photoDeps({ store: opened.store, blobs });

  beforeAll(async () => {
    opened = await world.open();
    root = await mkdtemp(join(tmpdir(), 'legacy-media-'));
    blobs = createFsBlobStore({
      root,
      uploadUrl: '/uploads',
      uploadSecret: new Uint8Array(32).fill(2),
      clock: { now: () => new Date() },
    });
  }, 120_000);
  afterAll(async () => {
    await opened?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** A ready photo as an older release stored it: legacy keys, no token. */
  async function legacyPhoto(userId: string): Promise<PhotoRecord> {
    const { photo } = await startPhotoUpload(deps(), userId, { contentType: 'image/png', size: 100 });
    await blobs.put(uploadKey(userId, photo.id), await plainPng(40, 30), { contentType: 'image/png' });
    const processed = await processUpload(deps(), uploadKey(userId, photo.id));
    if (processed.result !== 'ready') throw new Error(`not processed: ${JSON.stringify(processed)}`);
    const legacy = { ...processed.photo, mediaToken: null };
    for (const [from, to] of renditionKeys(processed.photo).map((key, i) => [
      key,
      renditionKeys(legacy)[i],
    ])) {
      const object = await blobs.get(from ?? '');
      if (!object || !to) throw new Error('no rendition');
      await blobs.put(to, object.body, { contentType: 'image/webp' });
      await blobs.delete([from ?? '']);
    }
    await opened.forgetToken(processed.photo);
    expect(await opened.store.photos.get(userId, photo.id)).toEqual(legacy);
    return legacy;
  }

  const newUser = async () => {
    const user = aUser();
    await opened.store.users.create(user);
    return user.id;
  };

  it('keeps serving a legacy photo, then moves it under a token when the owner lists their photos', async () => {
    const userId = await newUser();
    const legacy = await legacyPhoto(userId);
    // Still shown and still servable as it was.
    const shown = toPublicPhoto(legacy);
    expect(shown.urls.thumb).toBe(`/media/${userId}/${legacy.id}/256.webp`);
    expect(mediaKeyPattern.test(shown.urls.thumb.slice(1))).toBe(true);
    expect(await blobs.head(shown.urls.thumb.slice(1))).not.toBeNull();

    const [listed] = await listPhotos(deps(), userId);
    expect(listed?.urls?.thumb).toMatch(/^\/media\/[0-9a-f]{32}\/256\.webp$/);
    const stored = await opened.store.photos.get(userId, legacy.id);
    expect(stored?.mediaToken).toMatch(/^[0-9a-f]{32}$/);
    // The new keys hold the renditions; nothing is left under the keys that named the owner.
    expect((await listFsBlobKeys(root)).filter((key) => key.includes(userId))).toEqual([]);
    for (const key of renditionKeys(stored ?? legacy)) expect(await blobs.head(key)).not.toBeNull();
  });

  it('moves the legacy photos of a blocker under tokens on a block', async () => {
    const userId = await newUser();
    const blocked = await newUser();
    const legacy = await legacyPhoto(userId);
    await blockUser(deps(), userId, blocked, { sourceIp: '127.0.0.1', userAgent: 'test' });
    const stored = await opened.store.photos.get(userId, legacy.id);
    expect(stored?.mediaToken).toMatch(/^[0-9a-f]{32}$/);
    for (const key of renditionKeys(legacy)) expect(await blobs.head(key)).toBeNull();
    for (const key of renditionKeys(stored ?? legacy)) expect(await blobs.head(key)).not.toBeNull();
  });
});
