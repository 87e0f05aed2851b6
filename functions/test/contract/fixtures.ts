import { newId } from '../../src/domain/ids';
import type { ProfileRecord, RefreshTokenRecord, UserRecord } from '../../src/domain/records';

export const iso = (ms: number) => new Date(ms).toISOString();

export function aUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const id = newId();
  return {
    id,
    email: `user-${id.toLowerCase()}@example.test`,
    passwordHash: 'scrypt$17$8$1$c2FsdA$aGFzaA',
    status: 'active',
    createdAt: iso(Date.UTC(2026, 0, 1)),
    ...overrides,
  };
}

export function aToken(userId: string, familyId: string, overrides: Partial<RefreshTokenRecord> = {}) {
  const token: RefreshTokenRecord = {
    tokenHash: `hash-${newId()}`,
    familyId,
    userId,
    createdAt: iso(Date.UTC(2026, 0, 1)),
    expiresAt: iso(Date.UTC(2099, 1, 1)),
    usedAt: null,
    ...overrides,
  };
  return token;
}

export function aProfile(userId: string, overrides: Partial<ProfileRecord> = {}): ProfileRecord {
  return {
    userId,
    displayName: 'Ada',
    birthDate: '1995-06-15',
    gender: 'woman',
    interestedIn: ['man', 'nonbinary'],
    ageMin: 25,
    ageMax: 40,
    maxDistanceKm: 50,
    location: { lat: 52.52, lon: 13.405 },
    bio: 'Climber, coffee snob.',
    interests: ['climbing', 'coffee'],
    prompts: [{ question: 'A perfect Sunday', answer: 'Bouldering then brunch' }],
    createdAt: iso(Date.UTC(2026, 0, 1)),
    updatedAt: iso(Date.UTC(2026, 0, 2)),
    ...overrides,
  };
}
