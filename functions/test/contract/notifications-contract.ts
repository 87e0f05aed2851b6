import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { PushSubscriptionRecord } from '../../src/ports/notifications';
import type { Store } from '../../src/ports/repositories';
import type { StoredRow } from '../support/stored-rows';
import { aUser, iso } from './fixtures';

const at = (minute: number) => iso(Date.UTC(2026, 11, 1, 10, minute));

const aSubscription = (userId: string, minute: number, endpoint?: string): PushSubscriptionRecord => ({
  id: newId(),
  userId,
  endpoint: endpoint ?? `https://push.example.test/send/${randomBytes(12).toString('hex')}`,
  p256dh: randomBytes(65).toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
  createdAt: at(minute),
});

/** Web Push subscriptions and notification preferences (ports/notifications.ts). */
export function describeNotificationsContract(store: () => Store, rows: () => Promise<StoredRow[]>): void {
  describe('notifications', () => {
    it('stores, lists (oldest first) and removes a user’s push subscriptions; only the owner removes one', async () => {
      const user = aUser();
      const other = aUser();
      await store().users.create(user);
      await store().users.create(other);
      const phone = aSubscription(user.id, 1);
      const laptop = aSubscription(user.id, 2);
      expect(await store().notifications.addSubscription(laptop, 10)).toEqual(laptop);
      expect(await store().notifications.addSubscription(phone, 10)).toEqual(phone);
      expect(await store().notifications.listSubscriptions(user.id)).toEqual([phone, laptop]);

      expect(await store().notifications.removeSubscription(other.id, phone.id)).toBe(false);
      expect(await store().notifications.removeSubscription(user.id, phone.id)).toBe(true);
      expect(await store().notifications.removeSubscription(user.id, phone.id)).toBe(false);
      expect(await store().notifications.listSubscriptions(user.id)).toEqual([laptop]);
    });

    it('keeps the id when the same browser subscribes again, with its new keys', async () => {
      const user = aUser();
      await store().users.create(user);
      const first = aSubscription(user.id, 1);
      await store().notifications.addSubscription(first, 10);
      const again = { ...aSubscription(user.id, 5, first.endpoint) };
      const stored = await store().notifications.addSubscription(again, 10);
      expect(stored).toEqual({ ...again, id: first.id, createdAt: first.createdAt });
      expect(await store().notifications.listSubscriptions(user.id)).toEqual([stored]);
    });

    it('moves an endpoint to the user who subscribed it last (a shared browser after a logout)', async () => {
      const before = aUser();
      const after = aUser();
      await store().users.create(before);
      await store().users.create(after);
      const theirs = aSubscription(before.id, 1);
      await store().notifications.addSubscription(theirs, 10);
      const mine = aSubscription(after.id, 2, theirs.endpoint);
      expect(await store().notifications.addSubscription(mine, 10)).toEqual(mine);
      expect(await store().notifications.listSubscriptions(before.id)).toEqual([]);
      expect(await store().notifications.listSubscriptions(after.id)).toEqual([mine]);
      expect(await store().notifications.removeSubscription(before.id, theirs.id)).toBe(false);
    });

    it('keeps the newest subscriptions up to the limit', async () => {
      const user = aUser();
      await store().users.create(user);
      const subscriptions = [1, 2, 3].map((minute) => aSubscription(user.id, minute));
      for (const subscription of subscriptions) await store().notifications.addSubscription(subscription, 2);
      expect(await store().notifications.listSubscriptions(user.id)).toEqual(subscriptions.slice(1));
    });

    it('has no preferences until they are chosen, then reads back the last choice', async () => {
      const user = aUser();
      await store().users.create(user);
      expect(await store().notifications.getPreferences(user.id)).toBeNull();
      await store().notifications.putPreferences(
        user.id,
        { matches: true, messages: false, previews: true },
        at(1),
      );
      await store().notifications.putPreferences(
        user.id,
        { matches: false, messages: true, previews: true },
        at(2),
      );
      expect(await store().notifications.getPreferences(user.id)).toEqual({
        matches: false,
        messages: true,
        previews: true,
      });
    });

    it('erasure leaves no subscription, endpoint or preference of the user', async () => {
      const user = aUser();
      await store().users.create(user);
      const subscription = aSubscription(user.id, 1);
      await store().notifications.addSubscription(subscription, 10);
      await store().notifications.putPreferences(
        user.id,
        { matches: true, messages: true, previews: true },
        at(1),
      );

      await store().users.eraseUser(user.id, newId());

      expect(await store().notifications.listSubscriptions(user.id)).toEqual([]);
      expect(await store().notifications.getPreferences(user.id)).toBeNull();
      const traces = (await rows()).filter(
        (row) => row.text.includes(user.id) || row.text.includes(subscription.auth),
      );
      expect(traces).toEqual([]);
    });
  });
}
