import { describe, expect, it } from 'vitest';
import {
  byScoreThenId,
  discoveryScore,
  lastActivityAt,
  sharedInterestCount,
} from '../../src/domain/discovery-score';
import {
  areMutuallyEligible,
  discoveryDistanceKm,
  discoveryShows,
  likesYouShows,
} from '../../src/domain/eligibility';
import { newId } from '../../src/domain/ids';
import { createsMatch } from '../../src/domain/pair-facts';
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

    it('leaves a paused profile out until it is resumed, and a profile edit while paused keeps it paused', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const paused = await store().profiles.setPaused(man.id, '2026-06-01T10:00:00.000Z');
      expect(paused).toEqual({ ...man.profile, pausedAt: '2026-06-01T10:00:00.000Z' });
      expect(await seenBy(woman)).toEqual([]);
      // The paused person still sees others: pausing only hides them.
      expect(await seenBy(man)).toEqual([woman.id]);
      // Pausing again keeps the first pause time.
      expect((await store().profiles.setPaused(man.id, '2026-06-01T11:00:00.000Z'))?.pausedAt).toBe(
        '2026-06-01T10:00:00.000Z',
      );
      // An edit (whose record says nothing of the pause) neither resumes nor re-indexes the profile.
      const edited = { ...man.profile, bio: 'Back soon', updatedAt: '2026-06-01T11:30:00.000Z' };
      await store().profiles.put(edited);
      expect(await store().profiles.get(man.id)).toEqual({ ...edited, pausedAt: '2026-06-01T10:00:00.000Z' });
      expect(await seenBy(woman)).toEqual([]);
      expect(await store().profiles.setPaused(man.id, null)).toEqual(edited);
      expect(await seenBy(woman)).toEqual([man.id]);
      // Resuming a live profile changes nothing; nobody without a profile can pause.
      expect(await store().profiles.setPaused(man.id, null)).toEqual(edited);
      expect(await store().profiles.setPaused(newId(), '2026-06-01T10:00:00.000Z')).toBeNull();
      expect(await store().profiles.setPaused(newId(), null)).toBeNull();
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
        createsMatch,
      );
      await store().swipes.record(
        { swiperId: viewer.id, targetId: passed.id, decision: 'pass', createdAt: at },
        newId(),
        createsMatch,
      );
      await store().swipes.record(
        { swiperId: admirer.id, targetId: viewer.id, decision: 'like', createdAt: at },
        newId(),
        createsMatch,
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
              createsMatch,
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
          store().swipes.record(
            { swiperId: viewer.id, targetId, decision: 'pass', createdAt: at },
            newId(),
            createsMatch,
          ),
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

    it('counts activity by day: active a minute ago and 10 hours earlier the same day rank by id alone', async () => {
      const town = nextTown();
      const viewer = await aPerson(store(), { gender: 'woman', interestedIn: ['man'], location: town });
      const man = {
        gender: 'man' as const,
        interestedIn: ['woman' as const],
        location: northOf(town, 3),
        updatedAt: '2026-05-01T00:00:00.000Z',
      };
      const two = [await aPerson(store(), man), await aPerson(store(), man)];
      const [lower, higher] = two.map((person) => person.id).sort() as [string, string];
      const yesterday = await aPerson(store(), man);
      // The one online right now has the HIGHER id: an exact activity score would put them first.
      await store().discovery.recordActivity(higher, new Date(now.getTime() - 60_000).toISOString());
      await store().discovery.recordActivity(lower, new Date(now.getTime() - 10 * 3_600_000).toISOString());
      await store().discovery.recordActivity(yesterday.id, '2026-05-31T23:59:00.000Z');
      expect(await seenBy(viewer)).toEqual([lower, higher, yesterday.id]);
      const scoreAt = (activeAt: string) =>
        discoveryScore({ distanceKm: 3, viewerMaxDistanceKm: 50, sharedInterests: 0, activeAt, now });
      expect(scoreAt('2026-06-01T11:59:00.000Z')).toBe(scoreAt('2026-06-01T01:59:00.000Z'));
    });

    it('ranks a varied crowd exactly as discoveryScore does (distance, interests, activity days, ties)', async () => {
      const town = nextTown();
      const viewer = await aPerson(store(), {
        gender: 'woman',
        interestedIn: ['man', 'nonbinary'],
        interests: ['climbing', 'coffee', 'jazz', 'chess', 'sailing', 'poetry'],
        maxDistanceKm: 45,
        location: town,
      });
      const pool = ['climbing', 'coffee', 'jazz', 'chess', 'sailing', 'poetry', 'tennis', 'cooking'];
      const kms = [1, 2, 3, 6, 9, 14, 20, 27, 33, 40, 44];
      const activities = [
        null,
        '2026-06-01T11:30:00.000Z',
        '2026-06-01T00:00:00.000Z',
        '2026-05-31T23:59:59.999Z',
        '2026-05-29T08:00:00.000Z',
        '2026-05-20T12:00:00.000Z',
        '2026-03-02T00:00:00.000Z',
      ];
      // 14 kinds of people, two of each: a pair differs at most in activity (neighbouring entries of the list).
      const people = await Promise.all(
        Array.from({ length: 28 }, (_, index) => {
          const kind = index % 14;
          return aPerson(store(), {
            gender: kind % 3 === 0 ? 'nonbinary' : 'man',
            interestedIn: ['woman'],
            maxDistanceKm: 45,
            location: atShownDistance(town, kms[(kind * 7) % kms.length] as number),
            interests: pool.slice(kind % 4, (kind % 4) + ((kind * 5) % 7)),
            updatedAt: kind % 5 === 0 ? '2026-05-10T09:00:00.000Z' : '2026-04-01T00:00:00.000Z',
          });
        }),
      );
      const activity = new Map<string, string | null>();
      await Promise.all(
        people.map(async (person, index) => {
          const at = activities[((index % 14) * 3 + (index < 14 ? 0 : 1)) % activities.length] ?? null;
          activity.set(person.id, at);
          if (at !== null) await store().discovery.recordActivity(person.id, at);
        }),
      );
      const scored = people.map((person) => ({
        userId: person.id,
        score: discoveryScore({
          distanceKm: discoveryDistanceKm(viewer.profile, person.profile),
          viewerMaxDistanceKm: viewer.profile.maxDistanceKm,
          sharedInterests: sharedInterestCount(viewer.profile, person.profile),
          activeAt: lastActivityAt(activity.get(person.id) ?? null, person.profile.updatedAt),
          now,
        }),
      }));
      // The crowd has ties (equal scores), so the id order is part of what is checked.
      expect(new Set(scored.map((entry) => entry.score)).size).toBeLessThan(scored.length);
      const expected = [...scored].sort(byScoreThenId).map((entry) => entry.userId);
      expect(await seenBy(viewer)).toEqual(expected);
      expect(await seenBy(viewer, 7)).toEqual(expected.slice(0, 7));
    });

    it('shows exactly whom discoveryShows allows, on the pair facts the store reports', async () => {
      const town = nextTown();
      const viewer = await aPerson(store(), { gender: 'woman', interestedIn: ['man'], location: town });
      const man = { gender: 'man' as const, interestedIn: ['woman' as const], location: northOf(town, 2) };
      const at = now.toISOString();
      const fits = await aPerson(store(), man);
      const photoless = await aPerson(store(), man, { photo: false });
      const liked = await aPerson(store(), man);
      const passed = await aPerson(store(), man);
      const admirer = await aPerson(store(), man);
      const blocker = await aPerson(store(), man);
      const blocked = await aPerson(store(), man);
      const notInterested = await aPerson(store(), { ...man, interestedIn: ['man'] });
      const far = await aPerson(store(), { ...man, location: northOf(town, 200) });
      const matched = await aPerson(store(), man);
      const paused = await aPerson(store(), man);
      await store().profiles.setPaused(paused.id, at);
      const swipe = (swiperId: string, targetId: string, decision: 'like' | 'pass') =>
        store().swipes.record({ swiperId, targetId, decision, createdAt: at }, newId(), createsMatch);
      await swipe(viewer.id, liked.id, 'like');
      await swipe(viewer.id, passed.id, 'pass');
      await swipe(admirer.id, viewer.id, 'like');
      await swipe(viewer.id, matched.id, 'like');
      await swipe(matched.id, viewer.id, 'like');
      await store().blocks.block({ blockerId: blocker.id, blockedId: viewer.id, createdAt: at });
      await store().blocks.block({ blockerId: viewer.id, blockedId: blocked.id, createdAt: at });
      const everyone = [
        fits,
        photoless,
        liked,
        passed,
        admirer,
        blocker,
        blocked,
        notInterested,
        far,
        matched,
        paused,
      ];
      const photos = await store().photos.listReadyByUsers(everyone.map((person) => person.id));
      const allowed: string[] = [];
      for (const person of everyone) {
        const facts = await store().swipes.pairFacts(viewer.id, person.id);
        const viewing = { ...facts, candidateHasReadyPhoto: (photos.get(person.id) ?? []).length > 0 };
        const stored = await store().profiles.get(person.id);
        if (stored && discoveryShows(viewer.profile, stored, viewing, now)) allowed.push(person.id);
      }
      expect(new Set(allowed)).toEqual(new Set([fits.id, admirer.id]));
      expect(new Set(await seenBy(viewer))).toEqual(new Set(allowed));
    });

    it('lists whom likesYouShows allows as likes received, newest first, in pages', async () => {
      const town = nextTown();
      const viewer = await aPerson(store(), { gender: 'woman', interestedIn: ['man'], location: town });
      const man = { gender: 'man' as const, interestedIn: ['woman' as const], location: northOf(town, 3) };
      const at = (minute: number) => `2026-06-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
      const swipe = (swiperId: string, targetId: string, decision: 'like' | 'pass', minute: number) =>
        store().swipes.record({ swiperId, targetId, decision, createdAt: at(minute) }, newId(), createsMatch);
      const [first, second, third, passedBack, likedBack, blocked, paused, photoless, passer, stranger] =
        await Promise.all([
          aPerson(store(), man),
          aPerson(store(), man),
          aPerson(store(), man),
          aPerson(store(), man),
          aPerson(store(), man),
          aPerson(store(), man),
          aPerson(store(), man),
          aPerson(store(), man, { photo: false }),
          aPerson(store(), man),
          aPerson(store(), man),
        ]);
      if (!first || !second || !third || !passedBack || !likedBack || !blocked || !paused || !photoless)
        throw new Error('fixture');
      if (!passer || !stranger) throw new Error('fixture');
      await swipe(first.id, viewer.id, 'like', 1);
      await swipe(second.id, viewer.id, 'like', 2);
      await swipe(third.id, viewer.id, 'like', 3);
      await swipe(passedBack.id, viewer.id, 'like', 4);
      await swipe(viewer.id, passedBack.id, 'pass', 5);
      await swipe(likedBack.id, viewer.id, 'like', 6);
      await swipe(viewer.id, likedBack.id, 'like', 7);
      await swipe(blocked.id, viewer.id, 'like', 8);
      await store().blocks.block({ blockerId: viewer.id, blockedId: blocked.id, createdAt: at(9) });
      await swipe(paused.id, viewer.id, 'like', 10);
      await store().profiles.setPaused(paused.id, at(11));
      await swipe(photoless.id, viewer.id, 'like', 12);
      await swipe(passer.id, viewer.id, 'pass', 13);

      const everyone = [
        first,
        second,
        third,
        passedBack,
        likedBack,
        blocked,
        paused,
        photoless,
        passer,
        stranger,
      ];
      const photos = await store().photos.listReadyByUsers(everyone.map((person) => person.id));
      const allowed = new Set<string>();
      for (const person of everyone) {
        const facts = await store().swipes.pairFacts(viewer.id, person.id);
        const stored = await store().profiles.get(person.id);
        const viewing = { ...facts, candidateHasReadyPhoto: (photos.get(person.id) ?? []).length > 0 };
        if (stored && likesYouShows(stored, viewing)) allowed.add(person.id);
      }
      expect(allowed).toEqual(new Set([first.id, second.id, third.id]));

      const all = await store().swipes.likesReceived(viewer.id, { limit: 10 });
      expect(all.items.map((like) => [like.profile.userId, like.likedAt])).toEqual([
        [third.id, at(3)],
        [second.id, at(2)],
        [first.id, at(1)],
      ]);
      expect(all.items[0]?.profile).toEqual(third.profile);
      expect(all.items[0]?.photos).toHaveLength(1);
      expect(all.next).toBeNull();

      const page1 = await store().swipes.likesReceived(viewer.id, { limit: 2 });
      expect(page1.items.map((like) => like.profile.userId)).toEqual([third.id, second.id]);
      expect(page1.next).toEqual({ likedAt: at(2), likerId: second.id });
      const page2 = await store().swipes.likesReceived(viewer.id, {
        limit: 2,
        ...(page1.next ? { after: page1.next } : {}),
      });
      expect(page2.items.map((like) => like.profile.userId)).toEqual([first.id]);
      expect(page2.next).toBeNull();

      // Answering takes a like out; the liker's own list is unaffected by likes they gave.
      await swipe(viewer.id, second.id, 'pass', 20);
      const after = await store().swipes.likesReceived(viewer.id, { limit: 10 });
      expect(after.items.map((like) => like.profile.userId)).toEqual([third.id, first.id]);
      expect((await store().swipes.likesReceived(first.id, { limit: 10 })).items).toEqual([]);
    });

    it('undoes only the last decision, only when it is a recent pass, and the person can then be liked', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const other = await aPerson(store(), {
        gender: 'man',
        interestedIn: ['woman'],
        location: woman.profile.location,
      });
      const at = (minute: number) => `2026-06-01T11:${String(minute).padStart(2, '0')}:00.000Z`;
      const swipe = (swiperId: string, targetId: string, decision: 'like' | 'pass', minute: number) =>
        store().swipes.record({ swiperId, targetId, decision, createdAt: at(minute) }, newId(), createsMatch);
      expect(await store().swipes.undoLastPass(woman.id, at(0))).toBeNull();
      await swipe(man.id, woman.id, 'like', 1);
      await swipe(woman.id, other.id, 'like', 2);
      await swipe(woman.id, man.id, 'pass', 3);
      // Too old: the window starts after the pass.
      expect(await store().swipes.undoLastPass(woman.id, at(4))).toBeNull();
      expect(await store().swipes.undoLastPass(woman.id, at(0))).toEqual({
        swiperId: woman.id,
        targetId: man.id,
        decision: 'pass',
        createdAt: at(3),
      });
      expect((await store().swipes.pairFacts(woman.id, man.id)).mine).toBeNull();
      expect(await seenBy(woman)).toEqual([man.id]);
      // His like is unanswered again, and liking him now makes the match.
      expect(
        (await store().swipes.likesReceived(woman.id, { limit: 5 })).items.map((l) => l.profile.userId),
      ).toEqual([man.id]);
      // The last decision is now a like: never undone.
      expect(await store().swipes.undoLastPass(woman.id, at(0))).toBeNull();
      const liked = await swipe(woman.id, man.id, 'like', 5);
      expect(liked).toMatchObject({ status: 'recorded', decision: 'like', matchCreated: true });
      expect(await store().swipes.undoLastPass(woman.id, at(0))).toBeNull();
      expect((await store().swipes.listBySwiper(woman.id)).map((s) => [s.targetId, s.decision])).toEqual([
        [other.id, 'like'],
        [man.id, 'like'],
      ]);
    });
  });
}
