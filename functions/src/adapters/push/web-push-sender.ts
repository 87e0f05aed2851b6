import type { Agent } from 'node:https';
import webPush from 'web-push';
import type { PushSender } from '../../ports/push';

export interface VapidKeys {
  /** Uncompressed P-256 public key, base64url (what browsers subscribe with). */
  publicKey: string;
  /** The private scalar, base64url: signs the VAPID JWT (RFC 8292). A secret, like the JWT key. */
  privateKey: string;
}

export interface WebPushSenderOptions {
  vapid: VapidKeys;
  /** RFC 8292 `sub`: a `mailto:` or `https:` contact the push service may use about this sender. */
  subject: string;
  /** Gives up on a push service that does not answer (ms). Default 10 s. */
  timeoutMs?: number;
  /** HTTPS agent for the requests (tests trust their local push service's certificate with it). */
  agent?: Agent;
}

/** Whether a thrown web-push error says the subscription is gone for good (RFC 8030: 404, 410). */
const goneStatus = (error: unknown) =>
  error instanceof webPush.WebPushError && (error.statusCode === 404 || error.statusCode === 410);

/**
 * Web Push with the `web-push` library: the payload encrypted for the browser (RFC 8291, aes128gcm) and the
 * request signed with the VAPID key (RFC 8292). A 404 or 410 answers `gone`; any other failure throws, to be
 * retried by the queue.
 */
export function createWebPushSender(options: WebPushSenderOptions): PushSender {
  const vapidDetails = { subject: options.subject, ...options.vapid };
  return {
    async send(subscription, message) {
      try {
        await webPush.sendNotification(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          message.payload,
          {
            vapidDetails,
            TTL: message.ttlSeconds,
            topic: message.topic,
            urgency: message.urgency,
            contentEncoding: 'aes128gcm',
            timeout: options.timeoutMs ?? 10_000,
            ...(options.agent ? { agent: options.agent } : {}),
          },
        );
        return 'sent';
      } catch (error) {
        if (goneStatus(error)) return 'gone';
        if (error instanceof webPush.WebPushError) {
          // The push service's answer, without the endpoint (a capability URL) the library puts in its message.
          throw new Error(`push service answered ${error.statusCode}`);
        }
        throw error;
      }
    },
  };
}

/** A new VAPID key pair (P-256). */
export const generateVapidKeys = (): VapidKeys => webPush.generateVAPIDKeys();
