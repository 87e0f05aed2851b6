import type { ProfileRecord, RefreshTokenFamily, RefreshTokenRecord, UserRecord } from '../domain/records';
import type { AuditLogRepository } from './audit-log';
import type { ConnectionRepository, ConversationRepository, RealtimeTicketRepository } from './chat';
import type {
  BlockRepository,
  DiscoveryRepository,
  MatchRepository,
  ReportRepository,
  SwipeRepository,
} from './matching';
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
   * Erases the account (DESIGN.md "Security model", Privacy): the user and their email claim (the address
   * can register again), profile, photo records, swipes, matches and their conversations' messages, blocks,
   * refresh-token families, tickets, connections and audit events. Reports the user made are kept for
   * moderation. Photo objects in the blob store are the caller's job. Erasing an unknown user is a no-op.
   */
  eraseUser(id: string): Promise<void>;
}

export interface StoredRefreshToken {
  token: RefreshTokenRecord;
  familyRevoked: boolean;
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
}

export interface ProfileRepository {
  get(userId: string): Promise<ProfileRecord | null>;
  /** Creates or replaces the profile. */
  put(profile: ProfileRecord): Promise<void>;
}

/** Everything the services persist, behind one handle the runtime builds once per process. */
export interface Store {
  readonly kind: 'postgres' | 'dynamodb';
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  profiles: ProfileRepository;
  photos: PhotoRepository;
  rateLimits: RateLimitRepository;
  audit: AuditLogRepository;
  discovery: DiscoveryRepository;
  swipes: SwipeRepository;
  matches: MatchRepository;
  blocks: BlockRepository;
  reports: ReportRepository;
  /** Messages and read markers of the conversations (one per match). */
  conversations: ConversationRepository;
  /** One-time WebSocket tickets (60 s). */
  realtimeTickets: RealtimeTicketRepository;
  /** Live WebSocket connections (2 h). */
  connections: ConnectionRepository;
  /** Cheap round trip used by /readyz. Throws when the store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
