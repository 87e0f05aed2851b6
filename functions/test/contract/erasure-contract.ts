import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { Store } from '../../src/ports/repositories';
import { aComplementaryPair, aPerson, DISCOVERY_NOW } from '../support/matching-fixtures';
import { aToken, aUser } from './fixtures';

const at = (offsetMs: number) => new Date(DISCOVERY_NOW.getTime() + offsetMs).toISOString();

/** `UserRepository.eraseUser` (DELETE /api/me): nothing of the user is left but the reports they made. */
export function describeErasureContract(store: () => Store): void {
  describe('account erasure', () => {
    it('erases the user and everything of theirs, keeps the other side and reports, frees the email', async () => {
      const { woman, man } = await aComplementaryPair(store());
      const third = await aPerson(store(), {}, { photo: false });
      const womanUser = await store().users.findById(woman.id);
      if (!womanUser) throw new Error('fixture user missing');

      await store().swipes.record(
        { swiperId: woman.id, targetId: man.id, decision: 'like', createdAt: at(1) },
        newId(),
      );
      const swiped = await store().swipes.record(
        { swiperId: man.id, targetId: woman.id, decision: 'like', createdAt: at(2) },
        newId(),
      );
      if (swiped.status !== 'recorded' || !swiped.match) throw new Error('expected a match');
      const match = swiped.match;
      const conversation = { id: match.id, userLow: match.userLow, userHigh: match.userHigh };
      const sent = await store().conversations.send(conversation, {
        id: newId(),
        conversationId: match.id,
        senderId: woman.id,
        text: 'hello',
        clientMessageId: 'c1',
        createdAt: at(3),
      });
      expect(sent.status).toBe('created');
      await store().blocks.block({ blockerId: woman.id, blockedId: third.id, createdAt: at(4) });
      await store().reports.add({
        id: newId(),
        reporterId: woman.id,
        reportedUserId: third.id,
        reason: 'spam',
        details: null,
        createdAt: at(5),
      });
      const familyId = newId();
      const token = aToken(woman.id, familyId);
      await store().refreshTokens.createFamily(
        { familyId, userId: woman.id, createdAt: token.createdAt, expiresAt: token.expiresAt },
        token,
      );
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

      await store().users.eraseUser(woman.id);

      expect(await store().users.findById(woman.id)).toBeNull();
      expect(await store().users.findByEmail(womanUser.email)).toBeNull();
      expect(await store().profiles.get(woman.id)).toBeNull();
      expect(await store().photos.listByUser(woman.id)).toEqual([]);
      expect(await store().swipes.listBySwiper(woman.id)).toEqual([]);
      expect(await store().audit.listByUser(woman.id, 10)).toEqual([]);
      expect(await store().blocks.list(woman.id, { limit: 10 })).toEqual([]);
      expect(await store().blocks.isBlockedEitherWay(woman.id, third.id)).toBe(false);
      expect(await store().matches.get(match.id)).toBeNull();
      expect(await store().matches.listActive(man.id, { limit: 10 })).toEqual([]);
      expect(await store().conversations.list(match.id, { limit: 10 })).toEqual([]);
      expect(await store().connections.get(connectionId, at(8))).toBeNull();
      const stored = await store().refreshTokens.find(token.tokenHash);
      expect(stored === null || stored.familyRevoked).toBe(true);
      // Reports stay for moderation; the other users are untouched.
      expect(await store().reports.listByReporter(woman.id)).toHaveLength(1);
      expect(await store().profiles.get(man.id)).toEqual(man.profile);
      expect(await store().users.findById(man.id)).not.toBeNull();
      expect(await store().photos.listByUser(man.id)).toHaveLength(1);

      expect(await store().users.create(aUser({ email: womanUser.email }))).toBe('created');
    });

    it('erasing an unknown user changes nothing', async () => {
      await expect(store().users.eraseUser(newId())).resolves.toBeUndefined();
    });
  });
}
