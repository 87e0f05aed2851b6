import { describe, expect, it } from 'vitest';
import {
  byScoreThenId,
  discoveryScore,
  lastActivityAt,
  sharedInterestCount,
} from '../../src/domain/discovery-score';
import { areMutuallyEligible, discoveryDistanceKm } from '../../src/domain/eligibility';
import { newId } from '../../src/domain/ids';
import type { Store } from '../../src/ports/repositories';
import {
  aComplementaryPair,
  aPerson,
  atShownDistance,
  DISCOVERY_NOW,
  givePhoto,
  nextTown,
  northOf,
  type Person,
} from '../support/matching-fixtures';

const now = DISCOVERY_NOW;

/**
 * The DiscoveryRepository part of the store contract: every store answers exactly what
 * `areMutuallyEligible` allows, minus swiped, blocked and photo-less people, ranked by `discoveryScore`.
 */
export function describeDiscoveryContract(store: () => Store): void {
  describe('discovery', () => {
    const seenBy = async (viewer: Person, limit = 50) =>
      (await store().discovery.findCandidates(viewer.profile, { limit, now })).map((c) => c.profile.userId);

    it('shows two people who fit each other to each other, with their ready photos', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const [candidate] = await store().discovery.findCandidates(woman.profile, { limit: 10, now });
      expect(candidate?.profile).toEqual(man.profile);
      expect(candidate?.photos).toHaveLength(1);
      expect(candidate?.photos[0]?.status).toBe('ready');
      expect(await seenBy(man)).toEqual([woman.id]);
    });

    it('never shows the viewer, nor anyone without a ready photo', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const photoless = await aPerson(
        store(),
        { gender: 'man', interestedIn: ['woman'], birthDate: '1990-01-01', location: woman.profile.location },
        { photo: false },
      );
      expect(await seenBy(woman)).toEqual([man.id]);
      await givePhoto(store(), photoless.id);
      expect(new Set(await seenBy(woman))).toEqual(new Set([man.id, photoless.id]));
    });

    it('needs both gender interests: one-sided interest shows nobody to either side', async () => {
      const town = nextTown();
      const woman = await aPerson(store(), { gender: 'woman', interestedIn: ['man'], location: town });
      const man = await aPerson(store(), { gender: 'man', interestedIn: ['man'], location: town });
      const nonbinary = await aPerson(store(), {
        gender: 'nonbinary',
        interestedIn: ['woman'],
        location: town,
      });
      expect(await seenBy(woman)).toEqual([]);
      expect(await seenBy(man)).toEqual([]);
      expect(await seenBy(nonbinary)).toEqual([]);
    });

    it('needs both age ranges, counting a birthday on its very day', async () => {
      const town = nextTown();
      // On 2026-06-01 someone born 1996-06-01 just turned 30; born 1996-06-02, still 29.
      const viewer = await aPerson(store(), {
        gender: 'woman',
        interestedIn: ['man'],
        birthDate: '1990-01-01',
        ageMin: 30,
        ageMax: 35,
        location: town,
      });
      const man = { gender: 'man' as const, interestedIn: ['woman' as const], location: town };
      const turned30Today = await aPerson(store(), { ...man, birthDate: '1996-06-01' });
      await aPerson(store(), { ...man, birthDate: '1996-06-02' }); // 29 until tomorrow
      const turns36Tomorrow = await aPerson(store(), { ...man, birthDate: '1990-06-02' }); // still 35
      await aPerson(store(), { ...man, birthDate: '1990-06-01' }); // 36 today
      await aPerson(store(), { ...man, birthDate: '1995-01-01', ageMin: 18, ageMax: 35 }); // viewer (36) too old
      expect(new Set(await seenBy(viewer))).toEqual(new Set([turned30Today.id, turns36Tomorrow.id]));
    });

    it('needs both maximum distances, in the whole kilometres users are shown', async () => {
      const town = nextTown();
      const viewer = await aPerson(store(), {
        gender: 'woman',
        interestedIn: ['man'],
        maxDistanceKm: 10,
        location: town,
      });
      const man = { gender: 'man' as const, interestedIn: ['woman' as const], maxDistanceKm: 50 };
      const at = (km: number) => atShownDistance(town, km);
      const atTen = await aPerson(store(), { ...man, location: at(10) });
      await aPerson(store(), { ...man, location: at(11) });
      const nearButPicky = await aPerson(store(), { ...man, maxDistanceKm: 3, location: at(4) });
      expect(await seenBy(viewer)).toEqual([atTen.id]);
      expect(areMutuallyEligible(viewer.profile, nearButPicky.profile, now)).toBe(false);
    });

    it('leaves out whom the viewer liked or passed, but not who liked the viewer', async () => {
      const town = nextTown();
      const viewer = await aPerson(store(), { gender: 'woman', interestedIn: ['man'], location: town });
      const man = { gender: 'man' as const, interestedIn: ['woman' as const], location: town };
      const liked = await aPerson(store(), man);
      const passed = await aPerson(store(), man);
      const admirer = await aPerson(store(), man);
      const at = now.toISOString();
      await store().swipes.record(
        { swiperId: viewer.id, targetId: liked.id, decision: 'like', createdAt: at },
        newId(),
      );
      await store().swipes.record(
        { swiperId: viewer.id, targetId: passed.id, decision: 'pass', createdAt: at },
        newId(),
      );
      await store().swipes.record(
        { swiperId: admirer.id, targetId: viewer.id, decision: 'like', createdAt: at },
        newId(),
      );
      expect(await seenBy(viewer)).toEqual([admirer.id]);
      expect(await seenBy(admirer)).toEqual([]);
    });

    it('leaves out blocked people either way until the block is lifted', async () => {
      const { woman, man } = await aComplementaryPair(store());
      await store().blocks.block({ blockerId: man.id, blockedId: woman.id, createdAt: now.toISOString() });
      expect(await seenBy(woman)).toEqual([]);
      expect(await seenBy(man)).toEqual([]);
      await store().blocks.unblock(man.id, woman.id);
      expect(await seenBy(woman)).toEqual([man.id]);
      expect(await seenBy(man)).toEqual([woman.id]);
    });

    it('ranks by the documented score (distance, shared interests, activity) and honours the limit', async () => {
      const town = nextTown();
      const viewer = await aPerson(store(), {
        gender: 'woman',
        interestedIn: ['man', 'nonbinary'],
        interests: ['climbing', 'coffee', 'jazz', 'chess'],
        maxDistanceKm: 40,
        location: town,
      });
      const other = { interestedIn: ['woman' as const], maxDistanceKm: 40 };
      const people = [
        await aPerson(store(), { ...other, gender: 'man', location: northOf(town, 30), interests: [] }),
        await aPerson(store(), {
          ...other,
          gender: 'man',
          location: northOf(town, 2),
          interests: ['sailing'],
        }),
        await aPerson(store(), {
          ...other,
          gender: 'nonbinary',
          location: northOf(town, 12),
          interests: ['jazz', 'chess', 'coffee'],
        }),
        await aPerson(store(), {
          ...other,
          gender: 'man',
          location: northOf(town, 6),
          interests: ['climbing'],
        }),
        await aPerson(store(), {
          ...other,
          gender: 'nonbinary',
          location: northOf(town, 20),
          interests: ['climbing', 'coffee', 'jazz', 'chess'],
          updatedAt: '2026-03-01T00:00:00.000Z',
        }),
      ];
      // Recent activity lifts the far one.
      const farActive = people[0] as Person;
      await store().discovery.recordActivity(farActive.id, new Date(now.getTime() - 60_000).toISOString());
      const activity = new Map(people.map((person) => [person.id, person.profile.updatedAt]));
      activity.set(farActive.id, new Date(now.getTime() - 60_000).toISOString());
      const expected = people
        .map((person) => ({
          userId: person.id,
          score: discoveryScore({
            distanceKm: discoveryDistanceKm(viewer.profile, person.profile),
            viewerMaxDistanceKm: viewer.profile.maxDistanceKm,
            sharedInterests: sharedInterestCount(viewer.profile, person.profile),
            activeAt: lastActivityAt(activity.get(person.id) ?? null, person.profile.updatedAt),
            now,
          }),
        }))
        .sort(byScoreThenId)
        .map((entry) => entry.userId);
      expect(await seenBy(viewer)).toEqual(expected);
      expect(await seenBy(viewer, 3)).toEqual(expected.slice(0, 3));
    });

    it('fills the page from a crowded neighbourhood where the viewer already swiped most people', async () => {
      // A search area of several cells (25 km), all of them empty but one, whose first 130 people (the oldest:
      // the order a store may read a cell in) the viewer has already swiped; 30 more are still to show.
      const town = nextTown();
      const viewer = await aPerson(store(), {
        gender: 'woman',
        interestedIn: ['man'],
        birthDate: '1990-01-01',
        ageMin: 18,
        ageMax: 99,
        maxDistanceKm: 25,
        location: town,
      });
      const crowdMember = (index: number, birthYear: number) =>
        aPerson(store(), {
          gender: 'man',
          interestedIn: ['woman'],
          birthDate: `${birthYear}-0${1 + (index % 9)}-1${index % 10}`,
          ageMin: 18,
          ageMax: 99,
          location: town,
        });
      const swiped: Person[] = [];
      for (let batch = 0; batch < 130 / 26; batch += 1) {
        const people = Array.from({ length: 26 }, (_, offset) =>
          crowdMember(batch * 26 + offset, 1960 + batch),
        );
        swiped.push(...(await Promise.all(people)));
      }
      const fresh = await Promise.all(Array.from({ length: 30 }, (_, index) => crowdMember(index, 1996)));
      const at = now.toISOString();
      for (let batch = 0; batch < swiped.length; batch += 26) {
        await Promise.all(
          swiped.slice(batch, batch + 26).map((person, offset) =>
            store().swipes.record(
              {
                swiperId: viewer.id,
                targetId: person.id,
                decision: offset % 2 === 0 ? 'pass' : 'like',
                createdAt: at,
              },
              newId(),
            ),
          ),
        );
      }
      const freshIds = new Set(fresh.map((person) => person.id));
      const first = await seenBy(viewer, 20);
      expect(first).toHaveLength(20);
      expect(first.every((id) => freshIds.has(id))).toBe(true);
      await Promise.all(
        first.map((targetId) =>
          store().swipes.record({ swiperId: viewer.id, targetId, decision: 'pass', createdAt: at }, newId()),
        ),
      );
      const second = await seenBy(viewer, 20);
      expect(new Set(second)).toEqual(new Set([...freshIds].filter((id) => !first.includes(id))));
    }, 120_000);

    it('ranks the more recently active first, and never moves activity back', async () => {
      const town = nextTown();
      const viewer = await aPerson(store(), { gender: 'woman', interestedIn: ['man'], location: town });
      const man = { gender: 'man' as const, interestedIn: ['woman' as const], location: northOf(town, 3) };
      const idle = await aPerson(store(), { ...man, updatedAt: '2026-05-01T00:00:00.000Z' });
      const active = await aPerson(store(), { ...man, updatedAt: '2026-05-01T00:00:00.000Z' });
      await store().discovery.recordActivity(active.id, '2026-05-31T12:00:00.000Z');
      expect(await seenBy(viewer)).toEqual([active.id, idle.id]);
      await store().discovery.recordActivity(active.id, '2026-05-02T00:00:00.000Z');
      expect(await seenBy(viewer)).toEqual([active.id, idle.id]);
      // Someone without a profile has nothing to rank: no error, nothing created.
      const nobody = newId();
      await store().discovery.recordActivity(nobody, now.toISOString());
      expect(await store().profiles.get(idle.id)).toEqual(idle.profile);
      // What was kept is readable (the account export shows it).
      expect(await store().discovery.lastActiveAt(active.id)).toBe('2026-05-31T12:00:00.000Z');
      expect(await store().discovery.lastActiveAt(idle.id)).toBeNull();
      expect(await store().discovery.lastActiveAt(nobody)).toBeNull();
    });
  });
}
