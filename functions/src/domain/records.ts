import type { Gender } from '../contract/profile';
import type { EmailDeliverability } from './email-deliverability';

/** What the stores keep. These are internal shapes; the contract decides what leaves the API. */

/** `suspended` until `suspendedUntil`, `banned` for good (domain/moderation.ts `standingOf`). */
export type UserStatus = 'active' | 'suspended' | 'banned';

export interface UserRecord {
  id: string;
  /** Normalized: trimmed, lowercased. */
  email: string;
  /** Self-describing scrypt string (see services/auth/password-hashing). */
  passwordHash: string;
  status: UserStatus;
  createdAt: string;
  /** Absent while mail reaches the address (`ok`); set by a bounce or complaint (domain/email-deliverability.ts). */
  emailDeliverability?: Exclude<EmailDeliverability, 'ok'>;
  /** Absent for members; granted by the admin command (domain/moderation.ts). */
  role?: 'moderator' | 'admin';
  /** The end of a suspension (status `suspended`). */
  suspendedUntil?: string;
  /** The moderation decision the user is to be told about at their next visit (until they dismiss it). */
  noticeDecisionId?: string;
  /** When the account proved it holds `email` (a verification link, or confirming an email change); absent until then. */
  emailVerifiedAt?: string;
  /** A new address asked for (`PUT /api/me/email`) and not yet confirmed; absent when none. */
  pendingEmail?: string;
}

export interface RefreshTokenRecord {
  /** SHA-256 of the opaque token, hex. The token itself is never stored. */
  tokenHash: string;
  familyId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface RefreshTokenFamily {
  familyId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  /** Coarse label of the device that logged in (domain/device-label.ts); absent on older sessions. */
  device?: string;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface PromptRecord {
  question: string;
  answer: string;
}

export interface ProfileRecord {
  userId: string;
  displayName: string;
  birthDate: string;
  gender: Gender;
  interestedIn: Gender[];
  ageMin: number;
  ageMax: number;
  maxDistanceKm: number;
  location: GeoPoint;
  bio: string;
  interests: string[];
  prompts: PromptRecord[];
  createdAt: string;
  updatedAt: string;
  /**
   * Set by moderation only (a profile put keeps it): `review` hides the profile from discovery until a moderator
   * decides (auto-hide), `restricted` hides it everywhere (suspended or banned account).
   */
  visibility?: 'review' | 'restricted';
  /**
   * When the owner paused the profile; absent while it is live. A paused profile is left out of discovery
   * (others'), matches and chats go on. Only ProfileRepository.setPaused changes it: `put` keeps the stored state.
   */
  pausedAt?: string;
}
