import type { Gender } from '../contract/profile';
import type { EmailDeliverability } from './email-deliverability';

/** What the stores keep. These are internal shapes; the contract decides what leaves the API. */

export type UserStatus = 'active' | 'suspended';

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
   * When the owner paused the profile; absent while it is live. A paused profile is left out of discovery
   * (others'), matches and chats go on. Only ProfileRepository.setPaused changes it: `put` keeps the stored state.
   */
  pausedAt?: string;
}
