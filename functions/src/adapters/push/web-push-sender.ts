import { Agent } from 'node:https';
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

/** RFC 8292 allows at most 24 h; 12 h, renewed when less than an hour is left. */
const VAPID_LIFETIME_SECONDS = 12 * 60 * 60;
const VAPID_RENEW_BEFORE_SECONDS = 60 * 60;

/** Whether a thrown web-push error says the subscription is gone for good (RFC 8030: 404, 410). */
const goneStatus = (error: unknown) =>
  error instanceof webPush.WebPushError && (error.statusCode === 404 || error.statusCode === 410);

/**
 * Web Push with the `web-push` library: the payload encrypted for the browser (RFC 8291, aes128gcm) and the
 * request signed with the VAPID key (RFC 8292). A 404 or 410 answers `gone`; any other failure throws, to be
 * retried by the queue.
 */
export function createWebPushSender(options: WebPushSenderOptions): PushSender {
  // One TLS connection per push service, kept open: a handshake per push would cost more than the push.
  const agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: 8 });
  /**
   * The VAPID JWT per push service (its origin is the audience), signed once and reused until an hour before
   * it expires: an ES256 signature per push would be most of the push's CPU.
   */
  const authorizations = new Map<string, { header: string; expiresAt: number }>();
  const authorizationFor = (endpoint: string): string => {
    const audience = new URL(endpoint).origin;
    const nowSeconds = Math.floor(Date.now() / 1000);
    const cached = authorizations.get(audience);
    if (cached && cached.expiresAt - nowSeconds > VAPID_RENEW_BEFORE_SECONDS) return cached.header;
    const expiresAt = nowSeconds + VAPID_LIFETIME_SECONDS;
    const { Authorization } = webPush.getVapidHeaders(
      audience,
      options.subject,
      options.vapid.publicKey,
      options.vapid.privateKey,
      'aes128gcm',
      expiresAt,
    );
    authorizations.set(audience, { header: Authorization, expiresAt });
    return Authorization;
  };
  return {
    async send(subscription, message) {
      try {
        await webPush.sendNotification(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          message.payload,
          {
            headers: { Authorization: authorizationFor(subscription.endpoint) },
            TTL: message.ttlSeconds,
            topic: message.topic,
            urgency: message.urgency,
            contentEncoding: 'aes128gcm',
            timeout: options.timeoutMs ?? 10_000,
            agent,
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
