import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import { createsMatch } from '../../src/domain/pair-facts';
import type { MatchRecord } from '../../src/ports/matching';
import type { Store } from '../../src/ports/repositories';
import { aComplementaryPair, aPerson, DISCOVERY_NOW } from '../support/matching-fixtures';
import { aToken, aUser } from './fixtures';

const at = (offsetMs: number) => new Date(DISCOVERY_NOW.getTime() + offsetMs).toISOString();

async function aMatch(store: Store, a: string, b: string, offsetMs: number): Promise<MatchRecord> {
  await store.swipes.record(
    { swiperId: a, targetId: b, decision: 'like', createdAt: at(offsetMs) },
    newId(),
    createsMatch,
  );
  const swiped = await store.swipes.record(
    { swiperId: b, targetId: a, decision: 'like', createdAt: at(offsetMs + 1) },
    newId(),
    createsMatch,
  );
  if (swiped.status !== 'recorded' || !swiped.match) throw new Error('expected a match');
  return swiped.match;
}

const conversationOf = (match: MatchRecord) => ({
  id: match.id,
  userLow: match.userLow,
  userHigh: match.userHigh,
});

/**
 * `UserRepository.eraseUser` (DELETE /api/me) and the reads the export needs. After erasure nothing names the
 * user: not their own records, not other users' swipes on or blocks of them, not their matches (active or
 * ended) or conversations; reports stay, with the user's id replaced by the tombstone and their own text gone.
 * `privacy-contract.ts` checks the same through the services by scanning every table.
 */
export function describeErasureContract(store: () => Store): void {
  describe('account erasure', () => {
    it('erases the user and everything naming them, keeps the other side, pseudonymizes reports, frees the email', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const [ex, third, admirer, blocker] = await Promise.all([
        aPerson(store(), { gender: 'man' }),
        aPerson(store(), {}, { photo: false }),
        aPerson(store(), { gender: 'man' }),
        aPerson(store(), { gender: 'man' }),
      ]);
      if (!ex || !third || !admirer || !blocker) throw new Error('fixture');
      const womanUser = await store().users.findById(woman.id);
      if (!womanUser) throw new Error('fixture user missing');

      const match = await aMatch(store(), woman.id, man.id, 1);
      const sent = await store().conversations.send(conversationOf(match), {
        id: newId(),
        conversationId: match.id,
        senderId: woman.id,
        text: 'hello',
        clientMessageId: 'c1',
        createdAt: at(3),
      });
      expect(sent.status).toBe('created');
      // An ended match, with a message and both read markers.
      const ended = await aMatch(store(), ex.id, woman.id, 10);
      const before = await store().conversations.send(conversationOf(ended), {
        id: newId(),
        conversationId: ended.id,
        senderId: ex.id,
        text: 'so long',
        clientMessageId: 'c2',
        createdAt: at(12),
      });
      if (before.status !== 'created') throw new Error('expected a message');
      await store().conversations.markRead(conversationOf(ended), woman.id, before.message.id, at(13));
      await store().conversations.markRead(conversationOf(ended), ex.id, before.message.id, at(13));
      expect(await store().matches.end(ended.id, at(14))).toBe(true);

      await store().blocks.block({ blockerId: woman.id, blockedId: third.id, createdAt: at(4) });
      const made = {
        id: newId(),
        reporterId: woman.id,
        reportedUserId: third.id,
        reason: 'spam' as const,
        details: 'her own words',
        createdAt: at(5),
      };
      await store().reports.add(made);
      // Others' decisions about her: a like she never answered, a block and a report.
      await store().swipes.record(
        { swiperId: admirer.id, targetId: woman.id, decision: 'like', createdAt: at(20) },
        newId(),
        createsMatch,
      );
      await store().blocks.block({ blockerId: blocker.id, blockedId: woman.id, createdAt: at(21) });
      const about = {
        id: newId(),
        reporterId: blocker.id,
        reportedUserId: woman.id,
        reason: 'harassment' as const,
        details: 'the reporter’s words',
        createdAt: at(22),
      };
      await store().reports.add(about);

      const familyId = newId();
      const token = aToken(woman.id, familyId);
      await store().refreshTokens.createFamily(
        { familyId, userId: woman.id, createdAt: token.createdAt, expiresAt: token.expiresAt },
        token,
      );
      const rotated = aToken(woman.id, familyId);
      expect(await store().refreshTokens.rotate(token.tokenHash, rotated, at(6))).toBe(true);
      await store().audit.append({
        id: newId(),
        type: 'login_succeeded',
        userId: woman.id,
        ip: '203.0.113.9',
        userAgent: 'test',
        at: at(6),
        details: {},
      });
      const connectionId = `conn-${newId()}`;
      await store().connections.add({
        id: connectionId,
        userId: woman.id,
        connectedAt: at(7),
        expiresAt: at(3_600_000),
      });
      const ticketHash = `ticket-${newId()}`;
      await store().realtimeTickets.create({
        ticketHash,
        userId: woman.id,
        createdAt: at(8),
        expiresAt: at(60_000),
      });

      const tombstone = newId();
      await store().users.eraseUser(woman.id, tombstone);

      expect(await store().users.findById(woman.id)).toBeNull();
      expect(await store().users.findByEmail(womanUser.email)).toBeNull();
      expect(await store().profiles.get(woman.id)).toBeNull();
      expect(await store().photos.listByUser(woman.id)).toEqual([]);
      expect(await store().swipes.listBySwiper(woman.id)).toEqual([]);
      expect(await store().audit.listByUser(woman.id, 10)).toEqual([]);
      expect(await store().blocks.list(woman.id, { limit: 10 })).toEqual([]);
      expect(await store().blocks.isBlockedEitherWay(woman.id, third.id)).toBe(false);
      expect(await store().matches.listAllByUser(woman.id)).toEqual([]);
      for (const gone of [match, ended]) {
        expect(await store().matches.get(gone.id)).toBeNull();
        expect(await store().conversations.list(gone.id, { limit: 10 })).toEqual([]);
      }
      expect(await store().conversations.readMarker(ended.id, ex.id)).toBeNull();
      expect(await store().matches.listActive(man.id, { limit: 10 })).toEqual([]);
      expect(await store().matches.listAllByUser(man.id)).toEqual([]);
      expect(await store().matches.listAllByUser(ex.id)).toEqual([]);
      expect(await store().connections.get(connectionId, at(8))).toBeNull();
      expect(await store().realtimeTickets.consume(ticketHash, at(9))).toBeNull();
      expect(await store().refreshTokens.find(token.tokenHash)).toBeNull();
      expect(await store().refreshTokens.find(rotated.tokenHash)).toBeNull();
      expect(await store().refreshTokens.listSessions(woman.id)).toEqual([]);
      // What others decided about her is gone with her.
      expect(await store().swipes.listBySwiper(admirer.id)).toEqual([]);
      expect(await store().blocks.list(blocker.id, { limit: 10 })).toEqual([]);
      expect(await store().blocks.isBlockedEitherWay(blocker.id, woman.id)).toBe(false);
      // Reports stay for moderation, under the tombstone; her own words are dropped, the reporter's kept.
      expect(await store().reports.listByReporter(woman.id)).toEqual([]);
      expect(await store().reports.listByReporter(tombstone)).toEqual([
        { ...made, reporterId: tombstone, details: null },
      ]);
      expect(await store().reports.listByReporter(blocker.id)).toEqual([
        { ...about, reportedUserId: tombstone },
      ]);
      // The other users are untouched.
      expect(await store().profiles.get(man.id)).toEqual(man.profile);
      expect(await store().users.findById(man.id)).not.toBeNull();
      expect(await store().photos.listByUser(man.id)).toHaveLength(1);
      expect(await store().swipes.listBySwiper(man.id)).toEqual([]);
      expect(await store().swipes.listBySwiper(ex.id)).toEqual([]);

      // Idempotent: erasing again (a retry, with another tombstone) changes nothing more.
      await store().users.eraseUser(woman.id, newId());
      expect(await store().reports.listByReporter(tombstone)).toHaveLength(1);
      expect(await store().reports.listByReporter(blocker.id)).toEqual([
        { ...about, reportedUserId: tombstone },
      ]);

      expect(await store().users.create(aUser({ email: womanUser.email }))).toBe('created');
    });

    it('erasing an unknown user changes nothing', async () => {
      await expect(store().users.eraseUser(newId(), newId())).resolves.toBeUndefined();
    });
  });

  describe('export reads', () => {
    it('lists every match of a user, active and ended, oldest first', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const other = await aPerson(store(), { gender: 'man' });
      const first = await aMatch(store(), woman.id, man.id, 1);
      const second = await aMatch(store(), other.id, woman.id, 5);
      expect(await store().matches.end(first.id, at(10))).toBe(true);
      expect(await store().matches.listAllByUser(woman.id)).toEqual([{ ...first, endedAt: at(10) }, second]);
      expect(await store().matches.listAllByUser(man.id)).toEqual([{ ...first, endedAt: at(10) }]);
      // A like without an answer is no match.
      await store().swipes.record(
        { swiperId: man.id, targetId: other.id, decision: 'like', createdAt: at(20) },
        newId(),
        createsMatch,
      );
      expect(await store().matches.listAllByUser(man.id)).toHaveLength(1);
      expect(await store().matches.listAllByUser(newId())).toEqual([]);
    });

    it('lists every session (refresh-token family) of a user, oldest first, with its revocation', async () => {
      const user = aUser();
      const session = (createdAt: string) => ({
        familyId: newId(),
        userId: user.id,
        createdAt,
        expiresAt: at(86_400_000),
      });
      const older = session(at(1));
      const newer = session(at(2));
      await store().refreshTokens.createFamily(newer, aToken(user.id, newer.familyId));
      await store().refreshTokens.createFamily(older, aToken(user.id, older.familyId));
      await store().refreshTokens.revokeFamily(user.id, older.familyId, at(3));
      expect(await store().refreshTokens.listSessions(user.id)).toEqual([
        { ...older, lastUsedAt: older.createdAt, revokedAt: at(3) },
        { ...newer, lastUsedAt: newer.createdAt, revokedAt: null },
      ]);
      expect(await store().refreshTokens.listSessions(newId())).toEqual([]);
    });
  });
}
