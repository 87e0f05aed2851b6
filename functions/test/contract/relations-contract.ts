import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import { createsMatch, type PairFacts } from '../../src/domain/pair-facts';
import { orderPair } from '../../src/domain/pairs';
import type { SwipeRecord } from '../../src/ports/matching';
import type { Store } from '../../src/ports/repositories';
import { aComplementaryPair, aPerson, nextTown } from '../support/matching-fixtures';
import { iso } from './fixtures';

let clock = Date.UTC(2026, 4, 1);
/** Strictly increasing times, so "newest first" is well defined. */
const tick = () => {
  clock += 1_000;
  return iso(clock);
};

const aSwipe = (swiperId: string, targetId: string, decision: SwipeRecord['decision']): SwipeRecord => ({
  swiperId,
  targetId,
  decision,
  createdAt: tick(),
});

/** Swipes, matches, blocks and reports: the part of the store contract that settles races between users. */
export function describeRelationsContract(store: () => Store): void {
  describe('swipes and matches', () => {
    it('records a like without a match until the other side likes back; then exactly one match', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const first = await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), createsMatch);
      expect(first).toEqual({ status: 'recorded', decision: 'like', match: null, matchCreated: false });
      const matchId = newId();
      const second = await store().swipes.record(aSwipe(man.id, woman.id, 'like'), matchId, createsMatch);
      if (second.status !== 'recorded') throw new Error('expected recorded');
      const pair = orderPair(woman.id, man.id);
      expect(second.matchCreated).toBe(true);
      expect(second.match).toMatchObject({
        id: matchId,
        userLow: pair.low,
        userHigh: pair.high,
        endedAt: null,
      });
      expect(await store().matches.get(matchId)).toEqual(second.match);
      // Repeats (either side, either decision) change nothing and answer the same match.
      const again = await store().swipes.record(aSwipe(woman.id, man.id, 'pass'), newId(), createsMatch);
      expect(again).toEqual({
        status: 'recorded',
        decision: 'like',
        match: second.match,
        matchCreated: false,
      });
      for (const person of [woman, man]) {
        const listed = await store().matches.listActive(person.id, { limit: 10 });
        expect(listed.map((entry) => entry.match)).toEqual([second.match]);
        expect(listed[0]?.other.userId).toBe(person === woman ? man.id : woman.id);
      }
    });

    it('keeps the first decision: a pass followed by a like stays a pass and never matches', async () => {
      const { woman, man } = await aComplementaryPair(store());
      await store().swipes.record(aSwipe(woman.id, man.id, 'pass'), newId(), createsMatch);
      expect(
        await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), createsMatch),
      ).toMatchObject({
        decision: 'pass',
        match: null,
      });
      expect(
        await store().swipes.record(aSwipe(man.id, woman.id, 'like'), newId(), createsMatch),
      ).toMatchObject({
        decision: 'like',
        match: null,
        matchCreated: false,
      });
      expect((await store().swipes.listBySwiper(woman.id)).map((swipe) => swipe.decision)).toEqual(['pass']);
    });

    it('lists a user’s swipes oldest first', async () => {
      const town = nextTown();
      const me = await aPerson(store(), { location: town });
      const a = await aPerson(store(), { location: town });
      const b = await aPerson(store(), { location: town });
      const first = aSwipe(me.id, a.id, 'like');
      const second = aSwipe(me.id, b.id, 'pass');
      await store().swipes.record(first, newId(), createsMatch);
      await store().swipes.record(second, newId(), createsMatch);
      expect(await store().swipes.listBySwiper(me.id)).toEqual([first, second]);
    });

    it('creates exactly one match when both likes arrive at once, visible to both', async () => {
      const pairs = await Promise.all(Array.from({ length: 8 }, () => aComplementaryPair(store())));
      const results = await Promise.all(
        pairs.flatMap(({ woman, man }) => [
          store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), createsMatch),
          store().swipes.record(aSwipe(man.id, woman.id, 'like'), newId(), createsMatch),
        ]),
      );
      expect(results.filter((result) => result.status === 'recorded' && result.matchCreated)).toHaveLength(8);
      for (const { woman, man } of pairs) {
        const [mine] = await store().matches.listActive(woman.id, { limit: 5 });
        const [theirs] = await store().matches.listActive(man.id, { limit: 5 });
        expect(mine?.match.id).toBeDefined();
        expect(theirs?.match.id).toBe(mine?.match.id);
      }
    });

    it('pages matches by last activity, newest first', async () => {
      const town = nextTown();
      const me = await aPerson(store(), { gender: 'woman', interestedIn: ['man'], location: town });
      const others = [];
      for (let index = 0; index < 5; index += 1) {
        const other = await aPerson(store(), { gender: 'man', interestedIn: ['woman'], location: town });
        await store().swipes.record(aSwipe(other.id, me.id, 'like'), newId(), createsMatch);
        await store().swipes.record(aSwipe(me.id, other.id, 'like'), newId(), createsMatch);
        others.push(other.id);
      }
      const newestFirst = [...others].reverse();
      const first = await store().matches.listActive(me.id, { limit: 2 });
      expect(first.map((entry) => entry.other.userId)).toEqual(newestFirst.slice(0, 2));
      const last = first.at(-1)?.match;
      if (!last) throw new Error('no page');
      const rest = await store().matches.listActive(me.id, {
        limit: 10,
        after: { lastActivityAt: last.lastActivityAt, matchId: last.id },
      });
      expect(rest.map((entry) => entry.other.userId)).toEqual(newestFirst.slice(2));
    });

    it('ends a match once; an ended match is no longer listed and the pair never matches again', async () => {
      const { woman, man } = await aComplementaryPair(store());
      await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), createsMatch);
      const made = await store().swipes.record(aSwipe(man.id, woman.id, 'like'), newId(), createsMatch);
      const match = made.status === 'recorded' ? made.match : null;
      if (!match) throw new Error('expected a match');
      const at = tick();
      expect(await store().matches.end(match.id, at)).toBe(true);
      expect(await store().matches.end(match.id, tick())).toBe(false);
      expect(await store().matches.end(newId(), tick())).toBe(false);
      expect(await store().matches.get(match.id)).toEqual({ ...match, endedAt: at });
      expect(await store().matches.listActive(woman.id, { limit: 5 })).toEqual([]);
      expect(await store().matches.listActive(man.id, { limit: 5 })).toEqual([]);
      const again = await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), createsMatch);
      expect(again).toEqual({
        status: 'recorded',
        decision: 'like',
        match: { ...match, endedAt: at },
        matchCreated: false,
      });
    });

    it('decides the match by the rule it is given, on the facts read inside the swipe', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const seen: PairFacts[] = [];
      const never = (facts: PairFacts) => {
        seen.push(facts);
        return false;
      };
      await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), never);
      const refused = await store().swipes.record(aSwipe(man.id, woman.id, 'like'), newId(), never);
      // Two likes, yet no match: the store carries out the caller's rule, it does not decide.
      expect(refused).toEqual({ status: 'recorded', decision: 'like', match: null, matchCreated: false });
      expect(seen).toEqual([
        { mine: 'like', theirs: null, blocked: false, match: 'none' },
        { mine: 'like', theirs: 'like', blocked: false, match: 'none' },
      ]);
      expect(await store().matches.listActive(woman.id, { limit: 5 })).toEqual([]);
      // A repeat under the domain rule then creates the match: a missed match heals on the next swipe.
      const made = await store().swipes.record(aSwipe(woman.id, man.id, 'pass'), newId(), createsMatch);
      expect(made).toMatchObject({ status: 'recorded', decision: 'like', matchCreated: true });
    });

    it('keeps one match per pair whatever the rule answers', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const always = () => true;
      const first = await store().swipes.record(aSwipe(woman.id, man.id, 'pass'), newId(), always);
      if (first.status !== 'recorded' || !first.match) throw new Error('expected the rule to create a match');
      expect(first.matchCreated).toBe(true);
      const second = await store().swipes.record(aSwipe(man.id, woman.id, 'like'), newId(), always);
      expect(second).toEqual({
        status: 'recorded',
        decision: 'like',
        match: first.match,
        matchCreated: false,
      });
      await store().matches.end(first.match.id, tick());
      const third = await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), always);
      expect(third).toMatchObject({ matchCreated: false, match: { id: first.match.id } });
      expect(await store().matches.listActive(woman.id, { limit: 5 })).toEqual([]);
    });

    it("tells a pair's facts as each side sees them: decisions, block and match state", async () => {
      const { woman, man } = await aComplementaryPair(store());
      const none = { mine: null, theirs: null, blocked: false, match: 'none' };
      expect(await store().swipes.pairFacts(woman.id, man.id)).toEqual(none);
      expect(await store().swipes.pairFacts(woman.id, newId())).toEqual(none);
      await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), createsMatch);
      expect(await store().swipes.pairFacts(woman.id, man.id)).toEqual({ ...none, mine: 'like' });
      expect(await store().swipes.pairFacts(man.id, woman.id)).toEqual({ ...none, theirs: 'like' });
      const made = await store().swipes.record(aSwipe(man.id, woman.id, 'like'), newId(), createsMatch);
      const both = { mine: 'like', theirs: 'like', blocked: false };
      expect(await store().swipes.pairFacts(man.id, woman.id)).toEqual({ ...both, match: 'active' });
      if (made.status !== 'recorded' || !made.match) throw new Error('expected a match');
      await store().matches.end(made.match.id, tick());
      expect(await store().swipes.pairFacts(woman.id, man.id)).toEqual({ ...both, match: 'ended' });
      await store().blocks.block({ blockerId: man.id, blockedId: woman.id, createdAt: tick() });
      expect(await store().swipes.pairFacts(woman.id, man.id)).toEqual({
        ...both,
        blocked: true,
        match: 'ended',
      });
    });
  });

  describe('blocks and reports', () => {
    it('refuses swipes either way once blocked, recording nothing', async () => {
      const { woman, man } = await aComplementaryPair(store());
      await store().blocks.block({ blockerId: woman.id, blockedId: man.id, createdAt: tick() });
      expect(await store().swipes.record(aSwipe(man.id, woman.id, 'like'), newId(), createsMatch)).toEqual({
        status: 'blocked',
      });
      expect(await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), createsMatch)).toEqual({
        status: 'blocked',
      });
      expect(await store().swipes.listBySwiper(man.id)).toEqual([]);
      expect(await store().blocks.isBlockedEitherWay(man.id, woman.id)).toBe(true);
      expect(await store().blocks.isBlockedEitherWay(woman.id, man.id)).toBe(true);
    });

    it('ends the pair’s active match with the block, once', async () => {
      const { woman, man } = await aComplementaryPair(store());
      await store().swipes.record(aSwipe(woman.id, man.id, 'like'), newId(), createsMatch);
      const made = await store().swipes.record(aSwipe(man.id, woman.id, 'like'), newId(), createsMatch);
      const match = made.status === 'recorded' ? made.match : null;
      const at = tick();
      const { endedMatch } = await store().blocks.block({
        blockerId: man.id,
        blockedId: woman.id,
        createdAt: at,
      });
      expect(endedMatch).toEqual({ ...match, endedAt: at });
      expect(await store().matches.listActive(woman.id, { limit: 5 })).toEqual([]);
      const again = await store().blocks.block({ blockerId: man.id, blockedId: woman.id, createdAt: tick() });
      expect(again).toEqual({ endedMatch: null });
      expect(
        await store().blocks.block({ blockerId: woman.id, blockedId: man.id, createdAt: tick() }),
      ).toEqual({
        endedMatch: null,
      });
    });

    it('lists blocks newest first with the blocked user’s name, keeps the first time, and unblocks', async () => {
      const town = nextTown();
      const me = await aPerson(store(), { location: town });
      const blocked = [];
      for (const name of ['Ann', 'Bob', 'Cem']) {
        blocked.push(await aPerson(store(), { displayName: name, location: town }));
      }
      const times: string[] = [];
      for (const person of blocked) {
        const createdAt = tick();
        times.push(createdAt);
        await store().blocks.block({ blockerId: me.id, blockedId: person.id, createdAt });
      }
      // Blocking again keeps the original time.
      await store().blocks.block({ blockerId: me.id, blockedId: blocked[0]?.id ?? '', createdAt: tick() });
      const firstPage = await store().blocks.list(me.id, { limit: 2 });
      expect(firstPage.map((entry) => [entry.displayName, entry.block.createdAt])).toEqual([
        ['Cem', times[2]],
        ['Bob', times[1]],
      ]);
      const last = firstPage.at(-1)?.block;
      if (!last) throw new Error('no page');
      const rest = await store().blocks.list(me.id, {
        limit: 5,
        after: { createdAt: last.createdAt, userId: last.blockedId },
      });
      expect(rest.map((entry) => entry.block)).toEqual([
        { blockerId: me.id, blockedId: blocked[0]?.id, createdAt: times[0] },
      ]);
      await store().blocks.unblock(me.id, blocked[1]?.id ?? '');
      await store().blocks.unblock(me.id, blocked[1]?.id ?? '');
      expect((await store().blocks.list(me.id, { limit: 5 })).map((entry) => entry.displayName)).toEqual([
        'Cem',
        'Ann',
      ]);
      expect(await store().blocks.isBlockedEitherWay(me.id, blocked[1]?.id ?? '')).toBe(false);
    });

    it('lifts only the caller’s own block', async () => {
      const { woman, man } = await aComplementaryPair(store());
      await store().blocks.block({ blockerId: woman.id, blockedId: man.id, createdAt: tick() });
      await store().blocks.block({ blockerId: man.id, blockedId: woman.id, createdAt: tick() });
      await store().blocks.unblock(woman.id, man.id);
      expect(await store().blocks.isBlockedEitherWay(woman.id, man.id)).toBe(true);
      await store().blocks.unblock(man.id, woman.id);
      expect(await store().blocks.isBlockedEitherWay(woman.id, man.id)).toBe(false);
    });

    it('keeps reports for moderation', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const first = {
        id: newId(),
        reporterId: woman.id,
        reportedUserId: man.id,
        reason: 'harassment' as const,
        details: 'Kept messaging after I said no.',
        createdAt: tick(),
      };
      const second = { ...first, id: newId(), reason: 'spam' as const, details: null, createdAt: tick() };
      await store().reports.add(first);
      await store().reports.add(second);
      expect(await store().reports.listByReporter(woman.id)).toEqual([first, second]);
      expect(await store().reports.listByReporter(man.id)).toEqual([]);
    });
  });
}
