import type { ProfileRecord } from './records';

/**
 * Discovery ranks candidates by one number in [0, 1], higher first (ties: lower user id first):
 *
 *   score = 0.5 * proximity + 0.3 * sharedInterests + 0.2 * activity
 *
 * - proximity = 1 - distanceKm / viewer.maxDistanceKm (the public whole-km distance, so 0..1)
 * - sharedInterests = min(number of interests both list, 5) / 5
 * - activity = 0.5 ^ (days since the candidate's last activity / 7): halves every week
 *
 * Distance matters most, then common ground, then whether the person is likely to answer. PostgreSQL
 * evaluates the same formula in SQL (`postgres/discovery.ts`); the contract tests check both orders agree.
 */
export const SCORE_WEIGHTS = { proximity: 0.5, sharedInterests: 0.3, activity: 0.2 } as const;
export const SHARED_INTERESTS_CAP = 5;
export const ACTIVITY_HALF_LIFE_DAYS = 7;

const DAY_MS = 86_400_000;

export const sharedInterestCount = (viewer: ProfileRecord, candidate: ProfileRecord): number => {
  const mine = new Set(viewer.interests);
  return candidate.interests.filter((interest) => mine.has(interest)).length;
};

/** A user's last activity: the later of their last touch (login, refresh, discover) and last profile edit. */
export const lastActivityAt = (lastActiveAt: string | null, updatedAt: string): string =>
  lastActiveAt !== null && lastActiveAt > updatedAt ? lastActiveAt : updatedAt;

export interface ScoreInputs {
  distanceKm: number;
  viewerMaxDistanceKm: number;
  sharedInterests: number;
  /** ISO time of the candidate's last activity. */
  activeAt: string;
  now: Date;
}

export function discoveryScore(inputs: ScoreInputs): number {
  const proximity = Math.min(1, Math.max(0, 1 - inputs.distanceKm / inputs.viewerMaxDistanceKm));
  const shared = Math.min(inputs.sharedInterests, SHARED_INTERESTS_CAP) / SHARED_INTERESTS_CAP;
  const idleDays = Math.max(0, inputs.now.getTime() - Date.parse(inputs.activeAt)) / DAY_MS;
  const activity = 0.5 ** (idleDays / ACTIVITY_HALF_LIFE_DAYS);
  return (
    SCORE_WEIGHTS.proximity * proximity +
    SCORE_WEIGHTS.sharedInterests * shared +
    SCORE_WEIGHTS.activity * activity
  );
}

/** Best first; equal scores by user id, so every store returns the same order. */
export const byScoreThenId = (
  a: { score: number; userId: string },
  b: { score: number; userId: string },
): number => b.score - a.score || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
