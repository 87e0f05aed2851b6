import * as z from 'zod/mini';
import { Id, IsoDateTime } from './common';

/**
 * Notifications outside the tab (docs/api.md, Notifications): Web Push subscriptions of the caller's browsers
 * and what they are told about.
 */

/** The most push subscriptions one account keeps (browsers and devices); the oldest goes when one more comes. */
export const MAX_PUSH_SUBSCRIPTIONS = 10;

const base64Url = (min: number, max: number) =>
  z.string().check(z.regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}={0,2}$`), 'must be base64url'));

/**
 * What `PushManager.subscribe()` gave the browser (`PushSubscription.toJSON()`): the push service's endpoint
 * (https only) and the keys the payload is encrypted to (RFC 8291): the browser's P-256 public key (65 bytes)
 * and its 16-byte auth secret.
 */
export const PushSubscriptionRequest = z.object({
  endpoint: z.url({ protocol: /^https$/ }).check(z.maxLength(2048)),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.object({ p256dh: base64Url(86, 88), auth: base64Url(21, 24) }),
});
export type PushSubscriptionRequest = z.infer<typeof PushSubscriptionRequest>;

export const PushSubscriptionView = z.object({
  id: Id,
  /** The push service's origin only (the full endpoint is a capability URL). */
  service: z.string(),
  createdAt: IsoDateTime,
});
export type PushSubscriptionView = z.infer<typeof PushSubscriptionView>;

export const PushSubscriptionIdParams = z.strictObject({ id: Id });

/** What the user is notified of outside the app; `previews` adds the message's first words to a push. */
export const NotificationPreferences = z.strictObject({
  matches: z.boolean(),
  messages: z.boolean(),
  previews: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** Until the user chooses: matches and messages on, message text off ("New message from Ana"). */
export const defaultNotificationPreferences: NotificationPreferences = {
  matches: true,
  messages: true,
  previews: false,
};

/** `GET /api/me/notifications`: the preferences, and the key a browser subscribes with (null: push is off). */
export const NotificationSettings = z.object({
  preferences: NotificationPreferences,
  /** The VAPID public key (base64url, uncompressed P-256) for `PushManager.subscribe`; null when not configured. */
  vapidPublicKey: z.nullable(z.string()),
  subscriptions: z.array(PushSubscriptionView),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/**
 * The push payload the service worker shows (encrypted to the browser, RFC 8291). `body` has the message text
 * only when the recipient turned previews on; `url` is the page a click opens.
 */
export const PushPayload = z.object({
  type: z.enum(['match', 'message']),
  title: z.string(),
  body: z.string(),
  url: z.string(),
  /** Groups notifications: a newer one about the same conversation replaces the older. */
  tag: z.string(),
});
export type PushPayload = z.infer<typeof PushPayload>;
