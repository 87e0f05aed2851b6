import { publicDistanceKm } from '../../src/domain/geo';
import { newId } from '../../src/domain/ids';
import type { GeoPoint, ProfileRecord } from '../../src/domain/records';
import type { Store } from '../../src/ports/repositories';
import { newMediaToken } from '../../src/services/photos/photo-media';
import { aProfile, aUser } from '../contract/fixtures';

/** The `now` discovery runs at in store tests: ages and activity are measured from it. */
export const DISCOVERY_NOW = new Date('2026-06-01T12:00:00.000Z');

let towns = 0;

/**
 * A place no other test uses (5 degrees apart, far beyond any search radius in the tests), so tests that
 * share one store never see each other's people in discovery.
 */
export function nextTown(): GeoPoint {
  const index = towns++;
  return { lat: -55 + (index % 23) * 5, lon: -175 + Math.floor(index / 23) * 9.5 };
}

/** A point `km` kilometres north of `from` (along the meridian). */
export const northOf = (from: GeoPoint, km: number): GeoPoint => ({
  lat: from.lat + km / 111.195,
  lon: from.lon,
});

/**
 * A point north of `from` at exactly `km` shown (public, whole) kilometres. Cell centres are ~1.1 km apart, so
 * not every whole km exists along a meridian (from a cell centre: 1, 2, 3, 4, 6, 7, 8, 9, 10, 11...).
 */
export function atShownDistance(from: GeoPoint, km: number): GeoPoint {
  for (let step = 0; step < 4000; step += 1) {
    const point = northOf(from, km - 1 + step * 0.0005);
    if (publicDistanceKm(from, point) === km) return point;
  }
  throw new Error(`no point at a shown distance of ${km} km`);
}

export interface Person {
  id: string;
  profile: ProfileRecord;
}

/** A user with a profile (updated a day before DISCOVERY_NOW) and, unless `photo: false`, one ready photo. */
export async function aPerson(
  store: Store,
  overrides: Partial<ProfileRecord> = {},
  options: { photo?: boolean } = {},
): Promise<Person> {
  const user = aUser();
  await store.users.create(user);
  const profile = aProfile(user.id, {
    updatedAt: new Date(DISCOVERY_NOW.getTime() - 86_400_000).toISOString(),
    ...overrides,
  });
  await store.profiles.put(profile);
  if (options.photo !== false) await givePhoto(store, user.id);
  return { id: user.id, profile };
}

export async function givePhoto(store: Store, userId: string): Promise<string> {
  const photoId = newId();
  const at = new Date(DISCOVERY_NOW.getTime() - 3_600_000).toISOString();
  await store.photos.add(
    {
      id: photoId,
      userId,
      contentType: 'image/jpeg',
      declaredSize: 1000,
      mediaToken: newMediaToken(),
      createdAt: at,
    },
    6,
  );
  await store.photos.markProcessed(userId, photoId, { status: 'ready' }, at);
  return photoId;
}

/** A woman and a man, each interested in the other, 2 km apart in a fresh town, both 25..40 years wide. */
export async function aComplementaryPair(store: Store, town: GeoPoint = nextTown()) {
  const woman = await aPerson(store, {
    gender: 'woman',
    interestedIn: ['man'],
    birthDate: '1994-03-10',
    location: town,
  });
  const man = await aPerson(store, {
    gender: 'man',
    interestedIn: ['woman'],
    birthDate: '1992-08-20',
    location: northOf(town, 2),
  });
  return { woman, man, town };
}
