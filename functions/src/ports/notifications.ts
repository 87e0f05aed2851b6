import type { NotificationPreferences } from '../contract/notifications';

/** One browser's Web Push subscription (RFC 8030 endpoint, RFC 8291 keys). */
export interface PushSubscriptionRecord {
  id: string;
  userId: string;
  /** The push service's capability URL: whoever has it can push to the browser (with the VAPID key). */
  endpoint: string;
  /** The browser's P-256 public key, base64url. */
  p256dh: string;
  /** The browser's 16-byte auth secret, base64url. */
  auth: string;
  createdAt: string;
}

export interface NotificationRepository {
  /**
   * Stores the subscription. An endpoint belongs to one browser, so to one user: the last to subscribe it (a
   * browser shared after a logout must not get the previous user's notifications). Subscribing an endpoint
   * again keeps its id. Keeps the user's newest `max` subscriptions. Answers what is stored.
   */
  addSubscription(record: PushSubscriptionRecord, max: number): Promise<PushSubscriptionRecord>;
  /** The user's subscriptions, oldest first. */
  listSubscriptions(userId: string): Promise<PushSubscriptionRecord[]>;
  /** False when the user has no subscription with this id (anyone else's included). */
  removeSubscription(userId: string, id: string): Promise<boolean>;
  /** Null until the user chose (the defaults apply). */
  getPreferences(userId: string): Promise<NotificationPreferences | null>;
  putPreferences(userId: string, preferences: NotificationPreferences, at: string): Promise<void>;
}
