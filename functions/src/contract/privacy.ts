import * as z from 'zod/mini';
import { Id, IsoDateTime } from './common';

/**
 * `GET /api/me/export`: every stored fact about the caller. Documented loosely (the sections are objects
 * and arrays of records as stored); only the account section is pinned down.
 */
export const AccountExport = z.object({
  exportedAt: IsoDateTime,
  account: z.object({ id: Id, email: z.string(), createdAt: IsoDateTime, status: z.string() }),
  /** The profile as stored (with the exact location), or null. */
  profile: z.nullable(z.record(z.string(), z.unknown())),
  /** Every photo record, with `urls` (the /media links) when ready. */
  photos: z.array(z.record(z.string(), z.unknown())),
  swipes: z.array(z.record(z.string(), z.unknown())),
  /** Active matches: the other side by id only. */
  matches: z.array(
    z.object({ matchId: Id, otherUserId: Id, createdAt: IsoDateTime, lastActivityAt: IsoDateTime }),
  ),
  /** The messages of the caller's conversations, both sides, oldest first. */
  conversations: z.array(z.object({ matchId: Id, messages: z.array(z.record(z.string(), z.unknown())) })),
  blocks: z.array(z.record(z.string(), z.unknown())),
  reports: z.array(z.record(z.string(), z.unknown())),
  /** Security events about the account, newest first. */
  auditEvents: z.array(z.record(z.string(), z.unknown())),
});
export type AccountExport = z.infer<typeof AccountExport>;

/** `DELETE /api/me`: the current password confirms the erasure. */
export const DeleteAccountRequest = z.strictObject({
  password: z.string().check(z.minLength(1), z.maxLength(1024)),
});
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequest>;
