import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AccountTokenRecord } from '../../src/domain/account-tokens';
import type { Store } from '../../src/ports/repositories';
import { aUser, iso } from './fixtures';

const hash = () => createHash('sha256').update(randomBytes(16)).digest('hex');
const NOW = Date.UTC(2026, 5, 1, 12);

const aTokenFor = (userId: string, overrides: Partial<AccountTokenRecord> = {}): AccountTokenRecord => ({
  tokenHash: hash(),
  userId,
  purpose: 'password_reset',
  email: null,
  createdAt: iso(NOW),
  expiresAt: iso(NOW + 30 * 60_000),
  ...overrides,
});

/**
 * Mailed links: single-use tokens by hash (a second or concurrent use fails, an expired one never works), the
 * verification mark, and email changes whose uniqueness holds under races.
 */
export function describeAccountTokensContract(store: () => Store) {
  describe('account tokens and email changes', () => {
    it('consumes a token once: the second use, a wrong purpose and an expired token get nothing', async () => {
      const user = aUser();
      await store().users.create(user);
      const token = aTokenFor(user.id);
      await store().accountTokens.create(token);
      const at = iso(NOW + 60_000);
      expect(await store().accountTokens.find(token.tokenHash, ['password_reset'], at)).toEqual(token);
      expect(await store().accountTokens.consume(token.tokenHash, ['email_verification'], at)).toBeNull();
      expect(await store().accountTokens.consume(token.tokenHash, ['password_reset'], at)).toEqual(token);
      expect(await store().accountTokens.consume(token.tokenHash, ['password_reset'], at)).toBeNull();
      expect(await store().accountTokens.find(token.tokenHash, ['password_reset'], at)).toBeNull();

      const expired = aTokenFor(user.id);
      await store().accountTokens.create(expired);
      const late = expired.expiresAt;
      expect(await store().accountTokens.find(expired.tokenHash, ['password_reset'], late)).toBeNull();
      expect(await store().accountTokens.consume(expired.tokenHash, ['password_reset'], late)).toBeNull();
    });

    it('lets exactly one of many concurrent uses of a token win', async () => {
      const user = aUser();
      await store().users.create(user);
      const token = aTokenFor(user.id, { purpose: 'email_change', email: `new-${user.id}@example.test` });
      await store().accountTokens.create(token);
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          store().accountTokens.consume(token.tokenHash, ['email_verification', 'email_change'], iso(NOW)),
        ),
      );
      expect(results.filter((result) => result !== null)).toEqual([token]);
    });

    it('lists the pending tokens of a user and deletes them by purpose', async () => {
      const user = aUser();
      await store().users.create(user);
      const reset = aTokenFor(user.id, { createdAt: iso(NOW - 1000) });
      const verification = aTokenFor(user.id, {
        purpose: 'email_verification',
        email: user.email,
        expiresAt: iso(NOW + 24 * 3600_000),
      });
      await store().accountTokens.create(reset);
      await store().accountTokens.create(verification);
      expect(await store().accountTokens.listPending(user.id, iso(NOW))).toEqual([reset, verification]);
      // Past the reset token's 30 minutes only the verification link is pending.
      expect(await store().accountTokens.listPending(user.id, iso(NOW + 3600_000))).toEqual([verification]);
      await store().accountTokens.deleteForUser(user.id, 'password_reset');
      expect(await store().accountTokens.listPending(user.id, iso(NOW))).toEqual([verification]);
    });

    it('marks the address verified only while the account still has it; keeps the pending address', async () => {
      const user = aUser();
      await store().users.create(user);
      expect(await store().users.markEmailVerified(user.id, 'someone-else@example.test', iso(NOW))).toBe(
        false,
      );
      expect((await store().users.findById(user.id))?.emailVerifiedAt).toBeUndefined();
      expect(await store().users.markEmailVerified(user.id, user.email, iso(NOW))).toBe(true);
      expect(await store().users.markEmailVerified(user.id, user.email, iso(NOW + 1000))).toBe(true);
      expect((await store().users.findById(user.id))?.emailVerifiedAt).toBe(iso(NOW));

      await store().users.setPendingEmail(user.id, `Next-${user.id}@Example.test`);
      expect((await store().users.findById(user.id))?.pendingEmail).toBe(
        `next-${user.id.toLowerCase()}@example.test`,
      );
      await store().users.setPendingEmail(user.id, null);
      expect((await store().users.findById(user.id))?.pendingEmail).toBeUndefined();
    });

    it('changes the address: the old one is free, the new one found, verified, deliverability reset', async () => {
      const user = aUser();
      await store().users.create(user);
      await store().emailDeliverability.markByEmail(user.email, 'bounced', iso(NOW));
      await store().users.setPendingEmail(user.id, `moved-${user.id}@example.test`);
      const to = `moved-${user.id.toLowerCase()}@example.test`;
      expect(await store().users.changeEmail(user.id, user.email, to, iso(NOW))).toBe('changed');
      const changed = await store().users.findByEmail(to);
      expect(changed).toMatchObject({ id: user.id, email: to, emailVerifiedAt: iso(NOW) });
      expect(changed?.pendingEmail).toBeUndefined();
      expect(changed?.emailDeliverability).toBeUndefined();
      expect(await store().users.findByEmail(user.email)).toBeNull();
      // The old address can register again; a change from an address the account no longer has is stale.
      expect(await store().users.create(aUser({ email: user.email }))).toBe('created');
      expect(await store().users.changeEmail(user.id, user.email, `x-${to}`, iso(NOW))).toBe('stale');
    });

    it('refuses an address another account holds, and lets one of two racing accounts take a free one', async () => {
      const [first, second, holder] = [aUser(), aUser(), aUser()];
      for (const user of [first, second, holder]) await store().users.create(user);
      expect(await store().users.changeEmail(first.id, first.email, holder.email, iso(NOW))).toBe(
        'email_taken',
      );
      expect((await store().users.findById(first.id))?.email).toBe(first.email);

      const wanted = `wanted-${first.id.toLowerCase()}@example.test`;
      const results = await Promise.all([
        store().users.changeEmail(first.id, first.email, wanted, iso(NOW)),
        store().users.changeEmail(second.id, second.email, wanted, iso(NOW)),
      ]);
      expect(results.sort()).toEqual(['changed', 'email_taken']);
      const winner = await store().users.findByEmail(wanted);
      const loser = results[0] === 'changed' ? second : first;
      expect([first.id, second.id]).toContain(winner?.id);
      // The loser keeps its address (and it still finds it).
      expect((await store().users.findByEmail(loser.email))?.id).toBe(loser.id);
    });
  });
}
