import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { NewPhoto, PhotoRecord } from '../../src/ports/photos';
import type { Store } from '../../src/ports/repositories';
import { newMediaToken } from '../../src/services/photos/photo-media';
import { aUser, iso } from './fixtures';

const LIMIT = 6;
let clock = Date.UTC(2026, 2, 1);
/** Strictly increasing times, so "oldest first" is well defined. */
const tick = () => {
  clock += 1_000;
  return iso(clock);
};

export function aNewPhoto(userId: string, overrides: Partial<NewPhoto> = {}): NewPhoto {
  return {
    id: newId(),
    userId,
    contentType: 'image/jpeg',
    declaredSize: 123_456,
    mediaToken: newMediaToken(),
    createdAt: tick(),
    ...overrides,
  };
}

const ids = (photos: readonly PhotoRecord[]) => photos.map((photo) => photo.id);

/**
 * The PhotoRepository part of the store contract (called from `describeStoreContract`, so it runs against
 * PGlite, PostgreSQL and DynamoDB Local).
 */
export function describePhotoRepositoryContract(store: () => Store): void {
  describe('photos', () => {
    const newUser = async () => {
      const user = aUser();
      await store().users.create(user);
      return user.id;
    };
    const addPhotos = async (userId: string, count: number) => {
      const photos: NewPhoto[] = [];
      for (let index = 0; index < count; index += 1) {
        const photo = aNewPhoto(userId);
        expect(await store().photos.add(photo, LIMIT)).toBe('added');
        photos.push(photo);
      }
      return photos;
    };
    const markReady = async (userId: string, photoId: string) =>
      expect(await store().photos.markProcessed(userId, photoId, { status: 'ready' }, tick())).toBe(true);

    it('adds a pending photo and reads it back', async () => {
      const userId = await newUser();
      const photo = aNewPhoto(userId, { contentType: 'image/png', declaredSize: 42 });
      expect(await store().photos.add(photo, LIMIT)).toBe('added');
      const expected: PhotoRecord = {
        ...photo,
        status: 'pending',
        position: 0,
        rejectReason: null,
        updatedAt: photo.createdAt,
      };
      expect(await store().photos.get(userId, photo.id)).toEqual(expected);
      expect(await store().photos.listByUser(userId)).toEqual([expected]);
    });

    it('answers null and empty lists for unknown photos and users, and scopes photos to their owner', async () => {
      const userId = await newUser();
      const other = await newUser();
      const [photo] = await addPhotos(userId, 1);
      expect(await store().photos.get(userId, newId())).toBeNull();
      expect(await store().photos.get(other, photo?.id ?? '')).toBeNull();
      expect(await store().photos.listByUser(newId())).toEqual([]);
      expect(await store().photos.remove(other, photo?.id ?? '')).toBeNull();
      expect(await store().photos.markProcessed(other, photo?.id ?? '', { status: 'ready' }, tick())).toBe(
        false,
      );
      expect((await store().photos.get(userId, photo?.id ?? ''))?.status).toBe('pending');
    });

    it('refuses a photo over the limit; rejected photos do not count', async () => {
      const userId = await newUser();
      const photos = await addPhotos(userId, LIMIT);
      expect(await store().photos.add(aNewPhoto(userId), LIMIT)).toBe('limit_reached');
      await markReady(userId, photos[0]?.id ?? '');
      expect(await store().photos.add(aNewPhoto(userId), LIMIT)).toBe('limit_reached');
      expect(
        await store().photos.markProcessed(
          userId,
          photos[1]?.id ?? '',
          { status: 'rejected', reason: 'corrupt_image' },
          tick(),
        ),
      ).toBe(true);
      expect(await store().photos.add(aNewPhoto(userId), LIMIT)).toBe('added');
      expect(await store().photos.add(aNewPhoto(userId), LIMIT)).toBe('limit_reached');
      expect(await store().photos.listByUser(userId)).toHaveLength(LIMIT + 1);
    });

    it('lets exactly `limit` of many concurrent adds win', async () => {
      const userId = await newUser();
      const results = await Promise.all(
        Array.from({ length: LIMIT + 6 }, () => store().photos.add(aNewPhoto(userId), LIMIT)),
      );
      expect(results.filter((result) => result === 'added')).toHaveLength(LIMIT);
      expect(await store().photos.listByUser(userId)).toHaveLength(LIMIT);
    });

    it('frees a slot when a photo is removed, and answers what it removed', async () => {
      const userId = await newUser();
      const photos = await addPhotos(userId, LIMIT);
      const first = photos[0];
      if (!first) throw new Error('no photo');
      await markReady(userId, first.id);
      const removed = await store().photos.remove(userId, first.id);
      expect(removed).toMatchObject({ id: first.id, userId, status: 'ready' });
      expect(await store().photos.remove(userId, first.id)).toBeNull();
      expect(await store().photos.get(userId, first.id)).toBeNull();
      expect(await store().photos.markProcessed(userId, first.id, { status: 'ready' }, tick())).toBe(false);
      expect(await store().photos.add(aNewPhoto(userId), LIMIT)).toBe('added');
      expect(await store().photos.add(aNewPhoto(userId), LIMIT)).toBe('limit_reached');
    });

    it('processes a photo once: a second outcome changes nothing', async () => {
      const userId = await newUser();
      const [ready, rejected] = await addPhotos(userId, 2);
      if (!ready || !rejected) throw new Error('no photo');
      const readyAt = tick();
      expect(await store().photos.markProcessed(userId, ready.id, { status: 'ready' }, readyAt)).toBe(true);
      expect(
        await store().photos.markProcessed(
          userId,
          ready.id,
          { status: 'rejected', reason: 'corrupt_image' },
          tick(),
        ),
      ).toBe(false);
      expect(await store().photos.markProcessed(userId, ready.id, { status: 'ready' }, tick())).toBe(false);
      expect(await store().photos.get(userId, ready.id)).toMatchObject({
        status: 'ready',
        rejectReason: null,
        updatedAt: readyAt,
      });
      const rejectedAt = tick();
      const outcome = { status: 'rejected', reason: 'too_many_pixels' } as const;
      expect(await store().photos.markProcessed(userId, rejected.id, outcome, rejectedAt)).toBe(true);
      expect(await store().photos.markProcessed(userId, rejected.id, { status: 'ready' }, tick())).toBe(
        false,
      );
      expect(await store().photos.get(userId, rejected.id)).toMatchObject({
        status: 'rejected',
        rejectReason: 'too_many_pixels',
        updatedAt: rejectedAt,
      });
    });

    it('lets one of two concurrent outcomes for the same photo win', async () => {
      const userId = await newUser();
      const [photo] = await addPhotos(userId, 1);
      const results = await Promise.all([
        store().photos.markProcessed(userId, photo?.id ?? '', { status: 'ready' }, tick()),
        store().photos.markProcessed(userId, photo?.id ?? '', { status: 'ready' }, tick()),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('lists ready photos in the order they became ready, then the others oldest first', async () => {
      const userId = await newUser();
      const [a, b, c, d, e] = await addPhotos(userId, 5);
      if (!a || !b || !c || !d || !e) throw new Error('no photo');
      await markReady(userId, c.id);
      await markReady(userId, a.id);
      await store().photos.markProcessed(
        userId,
        d.id,
        { status: 'rejected', reason: 'unsupported_type' },
        tick(),
      );
      await markReady(userId, e.id);
      expect(ids(await store().photos.listByUser(userId))).toEqual([c.id, a.id, e.id, b.id, d.id]);
    });

    it('reorders exactly the set of ready photos, and nothing else', async () => {
      const userId = await newUser();
      const [a, b, c, pending] = await addPhotos(userId, 4);
      if (!a || !b || !c || !pending) throw new Error('no photo');
      for (const photo of [a, b, c]) await markReady(userId, photo.id);
      const at = tick();
      expect(await store().photos.reorder(userId, [c.id, a.id, b.id], at)).toBe(true);
      const listed = await store().photos.listByUser(userId);
      expect(ids(listed)).toEqual([c.id, a.id, b.id, pending.id]);
      expect(listed.slice(0, 3).every((photo) => photo.updatedAt === at)).toBe(true);

      const refused = [
        [c.id, a.id], // missing one
        [c.id, a.id, b.id, pending.id], // a pending photo
        [c.id, a.id, a.id], // a repeat
        [c.id, a.id, newId()], // unknown
      ];
      for (const order of refused) expect(await store().photos.reorder(userId, order, tick())).toBe(false);
      expect(ids(await store().photos.listByUser(userId))).toEqual([c.id, a.id, b.id, pending.id]);

      // A photo that becomes ready later goes last; one removed leaves the others in order.
      await markReady(userId, pending.id);
      await store().photos.remove(userId, a.id);
      expect(ids(await store().photos.listByUser(userId))).toEqual([c.id, b.id, pending.id]);
      expect(await store().photos.reorder(userId, [pending.id, b.id, c.id], tick())).toBe(true);
      expect(ids(await store().photos.listByUser(userId))).toEqual([pending.id, b.id, c.id]);
    });

    it('reorders an empty set only for a user without ready photos', async () => {
      const userId = await newUser();
      expect(await store().photos.reorder(userId, [], tick())).toBe(true);
      const [photo] = await addPhotos(userId, 1);
      expect(await store().photos.reorder(userId, [], tick())).toBe(true);
      await markReady(userId, photo?.id ?? '');
      expect(await store().photos.reorder(userId, [], tick())).toBe(false);
    });

    it('replaces the media token of a ready photo only when it is still the one read', async () => {
      const userId = await newUser();
      const [ready, pending] = await addPhotos(userId, 2);
      if (!ready || !pending) throw new Error('no photos');
      await markReady(userId, ready.id);
      const next = newMediaToken();
      // Only a ready photo, only from its current token, only for its owner.
      expect(await store().photos.replaceMediaToken(userId, pending.id, pending.mediaToken, next)).toBe(
        false,
      );
      expect(await store().photos.replaceMediaToken(userId, ready.id, newMediaToken(), next)).toBe(false);
      expect(await store().photos.replaceMediaToken(userId, ready.id, null, next)).toBe(false);
      expect(await store().photos.replaceMediaToken(await newUser(), ready.id, ready.mediaToken, next)).toBe(
        false,
      );
      expect(await store().photos.replaceMediaToken(userId, newId(), ready.mediaToken, next)).toBe(false);
      expect((await store().photos.get(userId, ready.id))?.mediaToken).toBe(ready.mediaToken);

      expect(await store().photos.replaceMediaToken(userId, ready.id, ready.mediaToken, next)).toBe(true);
      const after = await store().photos.get(userId, ready.id);
      expect(after).toMatchObject({ status: 'ready', mediaToken: next });
      expect((await store().photos.listReadyByUsers([userId])).get(userId)).toEqual([after]);
      expect((await store().photos.get(userId, pending.id))?.mediaToken).toBe(pending.mediaToken);
      // A second re-key from the old token (a concurrent one that lost) changes nothing.
      expect(
        await store().photos.replaceMediaToken(userId, ready.id, ready.mediaToken, newMediaToken()),
      ).toBe(false);
      expect((await store().photos.remove(userId, ready.id))?.mediaToken).toBe(next);
      expect(await store().photos.replaceMediaToken(userId, ready.id, next, newMediaToken())).toBe(false);
    });

    it('lists the ready photos of many users at once', async () => {
      const [first, second, third] = [await newUser(), await newUser(), await newUser()];
      const [f1, f2, f3] = await addPhotos(first, 3);
      const [s1] = await addPhotos(second, 1);
      await addPhotos(third, 1); // pending only
      if (!f1 || !f2 || !f3 || !s1) throw new Error('no photo');
      await markReady(first, f2.id);
      await markReady(first, f1.id);
      await markReady(second, s1.id);
      const strangers = Array.from({ length: 120 }, () => newId());
      const found = await store().photos.listReadyByUsers([first, ...strangers, second, third, first]);
      expect([...found.keys()].sort()).toEqual([first, second].sort());
      expect(ids(found.get(first) ?? [])).toEqual([f2.id, f1.id]);
      expect(found.get(second)).toEqual([await store().photos.get(second, s1.id)]);
      expect((await store().photos.listReadyByUsers([])).size).toBe(0);
    });
  });
}
