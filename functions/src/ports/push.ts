import type { PushSubscriptionRecord } from './notifications';

/**
 * A notification to send to a user's browsers when the app is not open: decided (connected? preferences?) and
 * sent in the background by services/notifications/deliver-push.ts, never in the request that caused it.
 */
export type PushJob =
  | {
      kind: 'match';
      /** A fresh id, for logs. */
      id: string;
      recipientId: string;
      matchId: string;
      /** The other person's display name. */
      otherName: string;
    }
  | {
      kind: 'message';
      id: string;
      recipientId: string;
      conversationId: string;
      messageId: string;
      /** The sender's name is read when the notification is sent (keeps the message's request lean). */
      senderId: string;
      /** Shown only to a recipient who turned previews on. */
      text: string;
    };

/** In front of the sender: `enqueue` hands the job over and returns; it never rejects (failures are logged). */
export interface PushQueue {
  enqueue(job: PushJob): Promise<void>;
  /** Erasure: drops the user's queued notifications. */
  forgetUser(userId: string): Promise<void>;
  /** Resolves when nothing is queued or in flight (tests, bench, graceful shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** What the push service answered: accepted, or the subscription is gone for good (404 or 410). */
export type PushOutcome = 'sent' | 'gone';

export interface PushMessage {
  /** The JSON the service worker reads (contract/notifications.ts `PushPayload`), encrypted per RFC 8291. */
  payload: string;
  /** How long the push service keeps it for an offline browser. */
  ttlSeconds: number;
  /** RFC 8030 Topic: a newer message with the same topic replaces an undelivered older one. */
  topic: string;
  urgency: 'normal' | 'high';
}

/** Sends one encrypted, VAPID-signed push (web-push); throws on a failure worth retrying (5xx, 429, network). */
export interface PushSender {
  send(subscription: PushSubscriptionRecord, message: PushMessage): Promise<PushOutcome>;
}
