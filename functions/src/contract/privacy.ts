import * as z from 'zod/mini';
import { CurrentPassword } from './auth';
import { Id, IsoDateTime } from './common';
import { EmailDeliverability } from './me';

/**
 * `GET /api/me/export`: every stored fact about the caller. Documented loosely (the sections are objects
 * and arrays of records as stored); the account, matches, conversations and sessions are pinned down.
 * Of other users only ids appear. What others decided about the caller (their swipes on, blocks of, reports
 * about the caller) is theirs and is not exported; a mutual like shows as a match.
 */
export const AccountExport = z.object({
  exportedAt: IsoDateTime,
  account: z.object({
    id: Id,
    email: z.string(),
    createdAt: IsoDateTime,
    status: z.string(),
    lastActiveAt: z.nullable(IsoDateTime),
    /** `ok`, or `bounced`/`complained`: mail to `email` stopped (see `Me`). */
    emailDeliverability: EmailDeliverability,
    /** When the address was confirmed, or null. */
    emailVerifiedAt: z.nullable(IsoDateTime),
    /** An address change awaiting confirmation, or null. */
    pendingEmail: z.nullable(z.string()),
  }),
  /** The profile as stored (with the exact location), or null. */
  profile: z.nullable(z.record(z.string(), z.unknown())),
  /** Every photo record, with `urls` (the /media links) when ready. */
  photos: z.array(z.record(z.string(), z.unknown())),
  /** The decisions the caller made (like or pass), oldest first. */
  swipes: z.array(z.record(z.string(), z.unknown())),
  /** Every match, active and ended (`endedAt`), oldest first: the other side by id only. */
  matches: z.array(
    z.object({
      matchId: Id,
      otherUserId: Id,
      createdAt: IsoDateTime,
      lastActivityAt: IsoDateTime,
      endedAt: z.nullable(IsoDateTime),
    }),
  ),
  /**
   * The conversation of each match, active or ended: both sides' messages, oldest first, and the last message
   * the caller has read (`readUpTo`, a message id, or null).
   */
  conversations: z.array(
    z.object({
      matchId: Id,
      readUpTo: z.nullable(z.string()),
      messages: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
  blocks: z.array(z.record(z.string(), z.unknown())),
  reports: z.array(z.record(z.string(), z.unknown())),
  /** Logins (refresh-token families) still stored: live, revoked or expired. Never the tokens themselves. */
  sessions: z.array(
    z.object({
      sessionId: z.string(),
      createdAt: IsoDateTime,
      lastUsedAt: IsoDateTime,
      /** Coarse device label of the login; null for logins from before labels were kept. */
      device: z.nullable(z.string()),
      expiresAt: IsoDateTime,
      revokedAt: z.nullable(IsoDateTime),
    }),
  ),
  /**
   * Links mailed to the account that still work (email verification, password reset, email change): what
   * for, when sent, until when. Never the token or its hash.
   */
  pendingTokens: z.array(
    z.object({
      purpose: z.enum(['email_verification', 'password_reset', 'email_change']),
      createdAt: IsoDateTime,
      expiresAt: IsoDateTime,
    }),
  ),
  /** Every security event about the account, newest first (the whole log, however long). */
  auditEvents: z.array(z.record(z.string(), z.unknown())),
});
export type AccountExport = z.infer<typeof AccountExport>;

/** `DELETE /api/me`: the current password confirms the erasure. */
export const DeleteAccountRequest = z.strictObject({
  password: CurrentPassword,
});
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequest>;
