import type { EmailVerificationMode } from '../domain/account-tokens';
import type { RateLimitSettings } from '../domain/rate-limit-rules';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { ImageProcessor } from '../ports/image-processor';
import type { Logger } from '../ports/logger';
import type { MailOutbox } from '../ports/mailer';
import type { Notifier } from '../ports/notifier';
import type { Store } from '../ports/repositories';
import type { PasswordWorkQueue } from './auth/password-work';

/** One HMAC key of the access tokens (HS256, >= 32 bytes); `kid` names it in the token header. */
export interface AccessTokenKey {
  kid: string;
  secret: Uint8Array;
}

/**
 * The current key signs and verifies; the previous one (after a rotation) only verifies, so the tokens it
 * signed stay valid until they expire. A token naming any other `kid` is refused.
 */
export interface AccessTokenKeySet {
  current: AccessTokenKey;
  previous?: AccessTokenKey;
}

export interface AuthConfig {
  keys: AccessTokenKeySet;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** log2 of scrypt's N for new hashes (17 in production; tests may lower it, stored hashes say their own). */
  passwordHashCost: number;
}

export interface PhotoConfig {
  /**
   * True where no ObjectCreated event reaches the photo handler (the lab with BLOBS=s3: the browser uploads
   * straight to the S3-compatible store): `POST /api/photos/{id}/complete` then processes the upload itself.
   * False on AWS (S3 event notification) and in the lab with BLOBS=fs (its upload endpoint emits the event).
   */
  processOnComplete: boolean;
}

export interface ServiceConfig {
  version: string;
  auth: AuthConfig;
  photos: PhotoConfig;
  /**
   * The origin the SPA is served from (PUBLIC_ORIGIN), e.g. `https://heartwood.example`: links in mail point
   * there. Absent only where no function sends links (the photo and mail functions).
   */
  publicOrigin?: string;
  /** EMAIL_VERIFICATION: `required` keeps unverified accounts out of discovery, likes and messages. */
  emailVerification: EmailVerificationMode;
  /** Defaults to the default rate limits (domain/rate-limit-rules.ts) when absent; `'off'` only for local load tests (RATE_LIMITS=off). */
  rateLimits?: RateLimitSettings;
}

/** Everything a use case needs, built once per process by a runtime (AWS or lab) and passed in. */
export interface Deps {
  store: Store;
  /** Photo uploads and renditions (S3, an S3-compatible store, or a folder). */
  blobs: BlobStore;
  /** Decodes untrusted uploads and renders the WebP renditions. */
  images: ImageProcessor;
  /** Pushes events (`match`, `unmatched`, ...) to users' live connections; best effort. */
  notifier: Notifier;
  /** Account mail, queued (services/mail/send-account-mail.ts); never slows or fails a request. */
  mail: MailOutbox;
  clock: Clock;
  log: Logger;
  config: ServiceConfig;
  /**
   * Bounds concurrent password hashing (lab: a long-lived server sharing libuv's pool with file reads). Absent
   * on Lambda, where one instance serves one request at a time.
   */
  passwordWork?: PasswordWorkQueue;
}
