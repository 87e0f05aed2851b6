import { ageOn } from './age';
import { publicDistanceKm } from './geo';
import { isDoneWith, type PairFacts } from './pair-facts';
import type { ProfileRecord } from './records';

/** Inclusive YYYY-MM-DD bounds: `ageOn(birthDate, now)` is within [ageMin, ageMax] exactly when it lies here. */
export interface BirthDateRange {
  earliest: string;
  latest: string;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Today's month and day `yearsBack` years ago; 29 February becomes the 28th in a common year. */
function sameDayYearsBack(now: Date, yearsBack: number): { year: number; month: number; day: number } {
  const year = now.getUTCFullYear() - yearsBack;
  const month = now.getUTCMonth() + 1;
  return { year, month, day: Math.min(now.getUTCDate(), daysInMonth(year, month)) };
}

const format = ({ year, month, day }: { year: number; month: number; day: number }) =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/**
 * The birth dates of everyone aged `ageMin`..`ageMax` today (UTC), with `ageOn`'s rule for birthdays: one is
 * N on one's birthday, and someone born on 29 February turns N on 1 March in a common year. Lets stores
 * filter on the stored birth date (an index range, a DynamoDB sort-key range) instead of computing ages.
 */
export function birthDateRangeForAges(ageMin: number, ageMax: number, now: Date): BirthDateRange {
  // Aged at least ageMin: born on or before today's date ageMin years ago.
  const latest = format(sameDayYearsBack(now, ageMin));
  // Aged at most ageMax: born after today's date (ageMax + 1) years ago, i.e. from the next day on.
  const bound = sameDayYearsBack(now, ageMax + 1);
  const next = new Date(Date.UTC(bound.year, bound.month - 1, bound.day + 1));
  // A 29 February bound in a common year was clamped to the 28th: the next day is 1 March either way.
  const earliest = format({
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
  });
  return { earliest, latest };
}

/**
 * Discovery and eligibility use the public distance (whole km between ~1 km grid cells, at least 1), never
 * the exact one: whether someone appears is then no finer an oracle than the distance shown, so moving one's
 * own position with a 1 km maximum distance cannot locate anyone beyond their cell, and nobody is ever shown
 * at a distance above their own maximum.
 */
export const discoveryDistanceKm = (viewer: ProfileRecord, candidate: ProfileRecord): number =>
  publicDistanceKm(viewer.location, candidate.location);

function wants(seeker: ProfileRecord, other: ProfileRecord, now: Date): boolean {
  const age = ageOn(other.birthDate, now);
  return seeker.interestedIn.includes(other.gender) && age >= seeker.ageMin && age <= seeker.ageMax;
}

/**
 * Both users fit each other's gender interests and age ranges, and each is within the other's maximum
 * distance. The rule every store's discovery implements; the contract tests hold them to this function.
 */
export function areMutuallyEligible(viewer: ProfileRecord, candidate: ProfileRecord, now: Date): boolean {
  if (viewer.userId === candidate.userId) return false;
  if (!wants(viewer, candidate, now) || !wants(candidate, viewer, now)) return false;
  return discoveryDistanceKm(viewer, candidate) <= Math.min(viewer.maxDistanceKm, candidate.maxDistanceKm);
}

/** The pair as discovery and the profile view see it: the pair's facts and whether the other has a ready photo. */
export interface ViewingFacts extends PairFacts {
  candidateHasReadyPhoto: boolean;
}

/**
 * Whether discovery shows `candidate` to `viewer` now, ranking and page size aside: they are mutually
 * eligible, the candidate has a ready photo and has not paused their profile, the viewer has not swiped them
 * and neither blocked the other. A profile moderation hides (`visibility`) is left out by the stores' discovery
 * indexes and queries, but stays viewable here (a moderator's "review" hides it from discovery only).
 * DiscoveryRepository.findCandidates answers the best of exactly these people; the contract tests hold every
 * store to this function.
 */
export const discoveryShows = (
  viewer: ProfileRecord,
  candidate: ProfileRecord,
  facts: ViewingFacts,
  now: Date,
): boolean =>
  areMutuallyEligible(viewer, candidate, now) &&
  candidate.pausedAt === undefined &&
  facts.candidateHasReadyPhoto &&
  !isDoneWith(facts);

/**
 * Who may open someone's public profile (GET /api/profiles/{userId}, with its distance): the person themselves
 * (a preview), their active match, or someone discovery would show them to right now. Anyone else gets the
 * same 404 as for a profile that does not exist, so the route cannot be used to look people up by id.
 */
export function mayViewProfile(
  viewer: ProfileRecord,
  subject: ProfileRecord,
  facts: ViewingFacts,
  now: Date,
): boolean {
  if (viewer.userId === subject.userId) return true;
  if (facts.blocked) return false;
  return facts.match === 'active' || discoveryShows(viewer, subject, facts, now);
}

/**
 * Whether "Likes you" lists `liker` to the viewer: they liked the viewer, whom the viewer has not answered
 * (either way), neither blocked the other, and the liker is one discovery may show at all (a ready photo, not
 * paused, not hidden by moderation). Preferences are not checked again: the like was given knowing them. Every store's
 * SwipeRepository.likesReceived answers exactly these people; the contract tests hold them to this function.
 */
export const likesYouShows = (liker: ProfileRecord, facts: ViewingFacts): boolean =>
  facts.theirs === 'like' &&
  !isDoneWith(facts) &&
  liker.pausedAt === undefined &&
  liker.visibility === undefined &&
  facts.candidateHasReadyPhoto;
