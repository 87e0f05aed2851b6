import {
  defaultNotificationPreferences,
  MAX_PUSH_SUBSCRIPTIONS,
  type NotificationPreferences,
  type NotificationSettings,
  type PushSubscriptionRequest,
  type PushSubscriptionView,
} from '../../contract/notifications';
import { notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import type { PushSubscriptionRecord } from '../../ports/notifications';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Deps } from '../deps';

/** The full endpoint is a capability URL; lists and logs show only the push service's origin. */
const serviceOf = (endpoint: string) => new URL(endpoint).origin;

const toView = (record: PushSubscriptionRecord): PushSubscriptionView => ({
  id: record.id,
  service: serviceOf(record.endpoint),
  createdAt: record.createdAt,
});

export async function preferencesOf(deps: Deps, userId: string): Promise<NotificationPreferences> {
  return (await deps.store.notifications.getPreferences(userId)) ?? defaultNotificationPreferences;
}

/** `GET /api/me/notifications`: what the user is told about, their browsers, and the key to subscribe with. */
export async function getNotificationSettings(deps: Deps, userId: string): Promise<NotificationSettings> {
  const [preferences, subscriptions] = await Promise.all([
    preferencesOf(deps, userId),
    deps.store.notifications.listSubscriptions(userId),
  ]);
  return {
    preferences,
    vapidPublicKey: deps.config.push?.vapidPublicKey ?? null,
    subscriptions: subscriptions.map(toView),
  };
}

/** `PUT /api/me/notifications/preferences`: replaces all three choices. */
export async function putNotificationPreferences(
  deps: Deps,
  userId: string,
  preferences: NotificationPreferences,
): Promise<NotificationPreferences> {
  await deps.store.notifications.putPreferences(userId, preferences, deps.clock.now().toISOString());
  return preferences;
}

/**
 * `POST /api/me/push-subscriptions`: this browser will get the account's notifications (an endpoint another
 * account had moves to this one). Audited: a new place where notifications show up.
 */
export async function addPushSubscription(
  deps: Deps,
  userId: string,
  input: PushSubscriptionRequest,
  actor: Actor,
): Promise<PushSubscriptionView> {
  const now = deps.clock.now();
  const stored = await deps.store.notifications.addSubscription(
    {
      id: newId(now),
      userId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      createdAt: now.toISOString(),
    },
    MAX_PUSH_SUBSCRIPTIONS,
  );
  await recordAuditEvent(deps, 'push_subscribed', userId, actor, { service: serviceOf(input.endpoint) });
  return toView(stored);
}

/** `DELETE /api/me/push-subscriptions/{id}`: 404 for an id that is not one of the caller's. */
export async function removePushSubscription(deps: Deps, userId: string, id: string): Promise<void> {
  if (!(await deps.store.notifications.removeSubscription(userId, id))) {
    throw notFound('No such push subscription');
  }
}
