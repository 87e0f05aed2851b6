import type { Profile } from '@dating/functions/contract';

/** A complete saved profile, as GET /api/profile answers it, for the profile feature's tests. */
export const savedProfile: Profile = {
  userId: '01HZX3K5B7Q9W2E4R6T8Y0M1NP',
  displayName: 'Ada',
  birthDate: '1990-05-17',
  age: 36,
  gender: 'woman',
  interestedIn: ['man'],
  ageMin: 30,
  ageMax: 45,
  maxDistanceKm: 80,
  location: { lat: 51.51, lon: -0.13 },
  bio: 'Engines and poetry.',
  interests: ['chess'],
  prompts: [{ question: 'I’m looking for…', answer: 'Someone kind' }],
  photos: [],
  updatedAt: '2026-11-25T10:00:00.000Z',
  pausedAt: null,
};
