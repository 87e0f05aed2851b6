import type { ProfileRecord } from './records';

/**
 * Discovery ranks candidates by one number in [0, 1], higher first (ties: lower user id first):
 *
 *   score = 0.5 * proximity + 0.3 * sharedInterests + 0.2 * activity
 *
 * - proximity = 1 - distanceKm / viewer.maxDistanceKm (the public whole-km distance, so 0..1)
 * - sharedInterests = min(number of interests both list, 5) / 5
 * - activity = 0.5 ^ (idle days / 7): halves every week, where idle days = the number of UTC calendar days
 *   between the candidate's last activity and now (0 for anyone active today)
 *
 * Distance matters most, then common ground, then whether the person is likely to answer. Activity counts in
 * whole days on purpose: everyone active today scores the same, so comparing where two people rank (or
 * watching one person's rank) cannot tell whether someone is online right now, only which day they were last
 * active. PostgreSQL evaluates the same formula in SQL (`adapters/postgres/discovery.ts`) with the constants
 * below; the contract tests check both orders agree.
 */
export const SCORE_WEIGHTS = { proximity: 0.5, sharedInterests: 0.3, activity: 0.2 } as const;
export const SHARED_INTERESTS_CAP = 5;
export const ACTIVITY_HALF_LIFE_DAYS = 7;
/** Activity is bucketed by UTC calendar day: the epoch time divided by this, rounded down. */
export const ACTIVITY_BUCKET_MS = 86_400_000;

/** The UTC calendar day of a time, as whole days since the epoch. */
export const activityDay = (at: number): number => Math.floor(at / ACTIVITY_BUCKET_MS);

/** Whole UTC days between the last activity and now; 0 when active today (or later: a skewed clock). */
export const idleDays = (activeAt: string, now: Date): number =>
  Math.max(0, activityDay(now.getTime()) - activityDay(Date.parse(activeAt)));

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
  const activity = 0.5 ** (idleDays(inputs.activeAt, inputs.now) / ACTIVITY_HALF_LIFE_DAYS);
  return (
    SCORE_WEIGHTS.proximity * proximity +
    SCORE_WEIGHTS.sharedInterests * shared +
    SCORE_WEIGHTS.activity * activity
  );
}

/**
 * Best first; equal scores by user id (fixed at sign-up, so it says nothing about activity), so every store
 * returns the same order.
 */
export const byScoreThenId = (
  a: { score: number; userId: string },
  b: { score: number; userId: string },
): number => b.score - a.score || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
