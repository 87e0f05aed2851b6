import type { ProfileRecord, RefreshTokenFamily, RefreshTokenRecord, UserRecord } from '../domain/records';
import type { AccountTokenRepository } from './account-tokens';
import type { AuditLogRepository } from './audit-log';
import type { ConnectionRepository, ConversationRepository, RealtimeTicketRepository } from './chat';
import type { EmailDeliverabilityRepository } from './email-deliverability';
import type {
  BlockRepository,
  DiscoveryRepository,
  MatchRepository,
  ReportRepository,
  SwipeRepository,
} from './matching';
import type { ModerationRepository } from './moderation';
import type { NotificationRepository } from './notifications';
import type { PhotoRepository } from './photos';
import type { RateLimitRepository } from './rate-limits';

export interface UserRepository {
  /** Creates the user; email uniqueness is settled by the store (constraint or transaction), not a read. */
  create(user: UserRecord): Promise<'created' | 'email_taken'>;
  findById(id: string): Promise<UserRecord | null>;
  /** `email` is already normalized. */
  findByEmail(email: string): Promise<UserRecord | null>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
  /**
   * Marks the address verified at `at`, only while the user's address is still `email` (the one the link was
   * sent to; an address changed since stays as it is). Answers whether it did. Keeps an earlier verification time.
   */
  markEmailVerified(id: string, email: string, at: string): Promise<boolean>;
  /** Sets (or with null clears) the address change awaiting confirmation. An unknown user is a no-op. */
  setPendingEmail(id: string, pendingEmail: string | null): Promise<void>;
  /**
   * Applies a confirmed email change: while the user's address is still `from`, it becomes `to` (normalized),
   * verified at `at`, with no pending change left. `email_taken` when another account holds `to` (settled by the
   * store under races: a unique constraint, or the email claim swapped in one transaction); `stale` when the
   * user is gone or no longer has `from`.
   */
  changeEmail(id: string, from: string, to: string, at: string): Promise<'changed' | 'email_taken' | 'stale'>;
  /**
   * Erases the account (docs/architecture.md, Privacy) so that no stored record names it any more: the
   * user and their email claim (the address can register again), profile, photo records, swipes and blocks in
   * both directions (also other users' swipes on and blocks of this user), matches active and ended with their
   * conversations (both sides' messages and read markers), refresh-token families and tokens, tickets,
   * connections, discovery state, pending account tokens and audit events.
   *
   * Reports are kept for moderation, pseudonymized: wherever the user is the reporter or the reported user, the
   * id becomes `tombstone` (a fresh random id that nothing else holds, so no key or secret can lead back to the
   * account), and the free text of reports the user wrote is dropped (it can say anything about its writer).
   * Reports other users made about this user keep their words: those are the reporters' statements.
   * Messages attached to a report follow the same rule: the ones the user wrote go with the reports the user
   * made; the reported side's messages stay as evidence (senders are named by side, never by id).
   * Moderation decisions about the user and the records of photo copies kept for moderators go with the account;
   * the keyed hash of a banned address does not name the account and stays (docs/moderation.md).
   *
   * Photo objects in the blob store are the caller's job. Erasing an unknown user is a no-op. Idempotent: the
   * user record goes last, so a retry after a failure (same or another tombstone) finishes the job.
   */
  eraseUser(id: string, tombstone: string): Promise<void>;
}

export interface StoredRefreshToken {
  token: RefreshTokenRecord;
  familyRevoked: boolean;
}

/** A login: one refresh-token family (the sessions list, export). */
export interface RefreshSession extends RefreshTokenFamily {
  /** Set once the family was revoked (logout, password change, reuse detected, session ended). */
  revokedAt: string | null;
  /** The last rotation of its refresh token (the creation time until the first one). */
  lastUsedAt: string;
}

export interface RefreshTokenRepository {
  /** A login starts a family with its first token. */
  createFamily(family: RefreshTokenFamily, first: RefreshTokenRecord): Promise<void>;
  find(tokenHash: string): Promise<StoredRefreshToken | null>;
  /**
   * Atomically marks `oldHash` used at `usedAt` and stores `next` in the same family.
   * Returns false (and changes nothing) when the old token was already used or its family is revoked:
   * the caller treats that as reuse.
   */
  rotate(oldHash: string, next: RefreshTokenRecord, usedAt: string): Promise<boolean>;
  revokeFamily(userId: string, familyId: string, at: string): Promise<void>;
  /** Revokes every family of the user, except `exceptFamilyId` when given (the current session). */
  revokeAllForUser(userId: string, at: string, exceptFamilyId?: string): Promise<void>;
  /** Every family of the user still stored (live, revoked, or expired but not yet removed), oldest first. */
  listSessions(userId: string): Promise<RefreshSession[]>;
}

export interface ProfileRepository {
  get(userId: string): Promise<ProfileRecord | null>;
  /** Creates or replaces the profile. The stored pause state is kept as it is (`profile.pausedAt` is ignored). */
  put(profile: ProfileRecord): Promise<void>;
  /**
   * Pauses the profile at `pausedAt` (kept when already paused), or resumes it (`null`); answers the stored
   * profile, or null when there is none. A paused profile leaves discovery's indexes until it is resumed.
   */
  setPaused(userId: string, pausedAt: string | null): Promise<ProfileRecord | null>;
}

/** Everything the services persist, behind one handle the runtime builds once per process. */
export interface Store {
  readonly kind: 'postgres' | 'dynamodb';
  users: UserRepository;
  /** Bounces and complaints of the users' addresses. */
  emailDeliverability: EmailDeliverabilityRepository;
  refreshTokens: RefreshTokenRepository;
  /** Single-use tokens of mailed links (email verification, password reset, email change). */
  accountTokens: AccountTokenRepository;
  profiles: ProfileRepository;
  photos: PhotoRepository;
  rateLimits: RateLimitRepository;
  audit: AuditLogRepository;
  discovery: DiscoveryRepository;
  swipes: SwipeRepository;
  matches: MatchRepository;
  blocks: BlockRepository;
  reports: ReportRepository;
  /** Roles, decisions, appeals, banned addresses, photos kept for moderation. */
  moderation: ModerationRepository;
  /** Messages and read markers of the conversations (one per match). */
  conversations: ConversationRepository;
  /** One-time WebSocket tickets (60 s). */
  realtimeTickets: RealtimeTicketRepository;
  /** Live WebSocket connections (2 h). */
  connections: ConnectionRepository;
  /** Web Push subscriptions and notification preferences. */
  notifications: NotificationRepository;
  /** Cheap round trip used by /readyz. Throws when the store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
