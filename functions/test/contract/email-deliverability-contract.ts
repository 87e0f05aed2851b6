import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { Store } from '../../src/ports/repositories';
import { aUser, iso } from './fixtures';

const at = iso(Date.UTC(2026, 5, 1));

/** Bounces and complaints, stored on the user and read back with it (UserRecord.emailDeliverability). */
export function describeEmailDeliverabilityContract(store: () => Store): void {
  describe('email deliverability', () => {
    it('is absent (ok) for a new user', async () => {
      const user = aUser();
      await store().users.create(user);
      expect((await store().users.findById(user.id))?.emailDeliverability).toBeUndefined();
    });

    it('marks the account holding an address bounced, read back by id and by email', async () => {
      const user = aUser();
      await store().users.create(user);
      // Reports name addresses as the receiving server wrote them.
      expect(
        await store().emailDeliverability.markByEmail(` ${user.email.toUpperCase()}`, 'bounced', at),
      ).toBe(user.id);
      expect((await store().users.findById(user.id))?.emailDeliverability).toBe('bounced');
      expect((await store().users.findByEmail(user.email))?.emailDeliverability).toBe('bounced');
    });

    it('keeps a complaint when a bounce arrives later, and a complaint overrides a bounce', async () => {
      const complained = aUser();
      const bounced = aUser();
      await store().users.create(complained);
      await store().users.create(bounced);
      await store().emailDeliverability.markByEmail(complained.email, 'complained', at);
      expect(await store().emailDeliverability.markByEmail(complained.email, 'bounced', at)).toBe(
        complained.id,
      );
      expect((await store().users.findById(complained.id))?.emailDeliverability).toBe('complained');

      await store().emailDeliverability.markByEmail(bounced.email, 'bounced', at);
      await store().emailDeliverability.markByEmail(bounced.email, 'complained', at);
      expect((await store().users.findById(bounced.id))?.emailDeliverability).toBe('complained');
    });

    it('answers null for an address no account has, and creates nothing', async () => {
      const email = `gone-${newId().toLowerCase()}@example.test`;
      expect(await store().emailDeliverability.markByEmail(email, 'bounced', at)).toBeNull();
      expect(await store().users.findByEmail(email)).toBeNull();
    });

    it('resets an account to ok; resetting an unknown user creates nothing', async () => {
      const user = aUser();
      await store().users.create(user);
      await store().emailDeliverability.markByEmail(user.email, 'complained', at);
      await store().emailDeliverability.reset(user.id);
      expect(await store().users.findById(user.id)).toEqual(user);
      const unknown = newId();
      await store().emailDeliverability.reset(unknown);
      expect(await store().users.findById(unknown)).toBeNull();
    });

    it('is gone with the account on erasure', async () => {
      const user = aUser();
      await store().users.create(user);
      await store().emailDeliverability.markByEmail(user.email, 'bounced', at);
      await store().users.eraseUser(user.id, newId());
      expect(await store().users.findById(user.id)).toBeNull();
      // The address can register again, deliverable.
      const again = aUser({ email: user.email });
      expect(await store().users.create(again)).toBe('created');
      expect((await store().users.findByEmail(user.email))?.emailDeliverability).toBeUndefined();
    });
  });
}
