import { demoPopulation, demoProfileRecord } from '../../scripts/seed/demo-population';
import type { SwipeDecision } from '../../src/contract/matching';
import { ageOn } from '../../src/domain/age';
import { areMutuallyEligible } from '../../src/domain/eligibility';
import type { ProfileRecord } from '../../src/domain/records';

/**
 * A benchmark population shaped like `npm run seed`'s demo people (scripts/seed/demo-population.ts: the same
 * cities, spreads, ages, genders, preferences, interests and prompts), only many more of them and written
 * straight to a store in bulk instead of through the API. Deterministic: the same people, ids, photos, swipes
 * and blocks on every run.
 */

export interface BenchPhoto {
  id: string;
  status: 'ready' | 'pending';
  /** Ready photos: 0, 1, ... in order; pending ones: 0. */
  position: number;
}

export interface BenchPerson {
  index: number;
  city: string;
  email: string;
  profile: ProfileRecord;
  /** When they last used the app (login, refresh, discover): discovery ranks recent people higher. */
  lastActiveAt: string;
  /** Never empty; about 1 in 15 people has only a photo still being processed (no ready one: never shown). */
  photos: BenchPhoto[];
}

export interface BenchSwipe {
  swiperId: string;
  targetId: string;
  decision: SwipeDecision;
  createdAt: string;
}

export interface BenchBlock {
  blockerId: string;
  blockedId: string;
  createdAt: string;
}

export interface BenchActivity {
  /** The people whose discovery is measured: spread evenly over the population (so over cities and genders). */
  viewers: BenchPerson[];
  swipes: BenchSwipe[];
  blocks: BenchBlock[];
}

/** Digits only, like the ids the PostgreSQL plan test seeds: valid in every key format of both stores. */
export const benchUserId = (index: number) => `01J${String(index).padStart(23, '0')}`;
const benchPhotoId = (index: number, photo: number) => `01K${String(index * 8 + photo).padStart(23, '0')}`;

/** mulberry32, as the demo population uses: a tiny seeded PRNG. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HOUR_MS = 3_600_000;

/** `count` people as of `now` (ages and activity are relative to it). */
export function benchPopulation(count: number, now: Date): BenchPerson[] {
  return demoPopulation(count, now.getUTCFullYear()).map((person) => {
    const userId = benchUserId(person.index);
    // Profiles were written up to a year ago; activity is what the demo draws (mostly the last three weeks).
    const createdAt = new Date(now.getTime() - (24 + ((person.index * 7919) % (365 * 24))) * HOUR_MS);
    const lastActive = new Date(
      Math.max(createdAt.getTime(), now.getTime() - person.idleHours * HOUR_MS),
    ).toISOString();
    const processing = person.index % 15 === 7;
    const photos: BenchPhoto[] = processing
      ? [{ id: benchPhotoId(person.index, 0), status: 'pending', position: 0 }]
      : Array.from({ length: person.photoCount }, (_, photo) => ({
          id: benchPhotoId(person.index, photo),
          status: 'ready' as const,
          position: photo,
        }));
    return {
      index: person.index,
      city: person.city,
      email: person.email,
      profile: demoProfileRecord(person, userId, createdAt.toISOString()),
      lastActiveAt: lastActive,
      photos,
    };
  });
}

/**
 * `viewerCount` viewers spread evenly over the population. Each has already swiped `swipesPerViewer` people
 * (3 in 10 likes) drawn at random from the people discovery could show them (same city, mutually eligible),
 * so the swipe exclusion has real work to do, has blocked 2 of them and been blocked by 2 others.
 */
export function benchActivity(
  people: readonly BenchPerson[],
  options: { viewerCount: number; swipesPerViewer: number; now: Date },
): BenchActivity {
  const { viewerCount, swipesPerViewer, now } = options;
  const step = people.length / viewerCount;
  // Offset by k % 4 so that whatever the step, viewers come from every city (the demo cycles through four).
  const viewers = Array.from(
    { length: viewerCount },
    (_, k) => people[Math.floor(k * step) + (k % 4)],
  ).filter((person): person is BenchPerson => person !== undefined);
  // People by city and gender: a viewer's deck can only come from their city and the genders they seek.
  const byCityGender = new Map<string, BenchPerson[]>();
  for (const person of people) {
    const key = `${person.city}|${person.profile.gender}`;
    const list = byCityGender.get(key);
    if (list) list.push(person);
    else byCityGender.set(key, [person]);
  }
  const at = new Date(now.getTime() - 2 * HOUR_MS).toISOString();
  const swipes: BenchSwipe[] = [];
  const blocks: BenchBlock[] = [];
  const taken = new Set<string>();
  const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  // Ages once per person: a cheap first cut before the domain's full rule (distance, both ways).
  const ages = new Map(people.map((person) => [person, ageOn(person.profile.birthDate, now)]));
  const ageOf = (person: BenchPerson) => ages.get(person) ?? 0;
  for (const viewer of viewers) {
    const viewerAge = ageOf(viewer);
    const mayFit = (other: BenchPerson) =>
      other.profile.interestedIn.includes(viewer.profile.gender) &&
      ageOf(other) >= viewer.profile.ageMin &&
      ageOf(other) <= viewer.profile.ageMax &&
      viewerAge >= other.profile.ageMin &&
      viewerAge <= other.profile.ageMax;
    const draw = random(0xb3c4 + viewer.index);
    const pool = viewer.profile.interestedIn.flatMap(
      (gender) => byCityGender.get(`${viewer.city}|${gender}`) ?? [],
    );
    // A lazy Fisher-Yates shuffle of the pool, keeping the first `wanted` people discovery could show them.
    const wanted = swipesPerViewer + 4;
    const chosen: BenchPerson[] = [];
    for (let i = 0; i < pool.length && chosen.length < wanted; i += 1) {
      const j = i + Math.floor(draw() * (pool.length - i));
      const other = pool[j] as BenchPerson;
      pool[j] = pool[i] as BenchPerson;
      pool[i] = other;
      if (other !== viewer && mayFit(other) && areMutuallyEligible(viewer.profile, other.profile, now)) {
        chosen.push(other);
      }
    }
    for (const [n, other] of chosen.entries()) {
      const pair = pairKey(viewer.profile.userId, other.profile.userId);
      if (taken.has(pair)) continue;
      taken.add(pair);
      if (n < 2) {
        blocks.push({ blockerId: viewer.profile.userId, blockedId: other.profile.userId, createdAt: at });
      } else if (n < 4) {
        blocks.push({ blockerId: other.profile.userId, blockedId: viewer.profile.userId, createdAt: at });
      } else {
        swipes.push({
          swiperId: viewer.profile.userId,
          targetId: other.profile.userId,
          decision: draw() < 0.3 ? 'like' : 'pass',
          createdAt: at,
        });
      }
    }
  }
  return { viewers, swipes, blocks };
}
