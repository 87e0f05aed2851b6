import type { Profile, ProfileInput, PublicProfile } from '../../contract/profile';
import { ageOn, MIN_AGE } from '../../domain/age';
import { mayViewProfile } from '../../domain/eligibility';
import { AppError, notFound } from '../../domain/errors';
import { publicDistanceKm } from '../../domain/geo';
import type { ProfileRecord } from '../../domain/records';
import type { PhotoRecord } from '../../ports/photos';
import type { Deps } from '../deps';
import { listPhotos } from '../photos/photo-service';
import { publicPhotos } from '../photos/photo-views';

const profileNotFound = () => notFound('Profile not found');

function toOwnProfile(record: ProfileRecord, now: Date, photos: Profile['photos']): Profile {
  const { createdAt: _createdAt, visibility: _visibility, pausedAt, ...fields } = record;
  return { ...fields, age: ageOn(record.birthDate, now), photos, pausedAt: pausedAt ?? null };
}

/** `photos`: the subject's photos (only ready ones are shown), e.g. from `photos.listReadyByUsers`. */
export function toPublicProfile(
  record: ProfileRecord,
  viewer: ProfileRecord,
  now: Date,
  photos: readonly PhotoRecord[] = [],
): PublicProfile {
  return {
    userId: record.userId,
    displayName: record.displayName,
    age: ageOn(record.birthDate, now),
    gender: record.gender,
    bio: record.bio,
    interests: record.interests,
    prompts: record.prompts,
    photos: publicPhotos(photos),
    distanceKm: publicDistanceKm(viewer.location, record.location),
  };
}

export async function getOwnProfile(deps: Deps, userId: string): Promise<Profile> {
  const record = await deps.store.profiles.get(userId);
  if (!record) throw profileNotFound();
  return toOwnProfile(record, deps.clock.now(), await listPhotos(deps, userId));
}

export async function putProfile(
  deps: Deps,
  userId: string,
  input: ProfileInput,
): Promise<{ profile: Profile; created: boolean }> {
  const now = deps.clock.now();
  const age = ageOn(input.birthDate, now);
  if (age < MIN_AGE || age > 120) {
    const reason = age < MIN_AGE ? `you must be at least ${MIN_AGE}` : 'must be a plausible birth date';
    throw new AppError('validation_failed', `birthDate: ${reason}`, { fields: { birthDate: [reason] } });
  }
  const existing = await deps.store.profiles.get(userId);
  const record: ProfileRecord = {
    ...input,
    userId,
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    // The store keeps its own pause state; this only spares DynamoDB a retry and answers it.
    ...(existing?.pausedAt === undefined ? {} : { pausedAt: existing.pausedAt }),
  };
  await deps.store.profiles.put(record);
  return { profile: toOwnProfile(record, now, await listPhotos(deps, userId)), created: existing === null };
}

/**
 * Another user's public view (or one's own, as a preview), with the distance measured from the viewer's own
 * profile (which they need). Only for viewers who may see the person now (domain/eligibility
 * `mayViewProfile`: their active match, or someone discovery would show them to); everyone else gets the same
 * 404 as for a user who does not exist.
 */
export async function getPublicProfile(
  deps: Deps,
  viewerId: string,
  subjectId: string,
): Promise<PublicProfile> {
  const own = viewerId === subjectId;
  const [viewer, subject, photos, facts] = await Promise.all([
    deps.store.profiles.get(viewerId),
    deps.store.profiles.get(subjectId),
    deps.store.photos.listReadyByUsers([subjectId]),
    own ? null : deps.store.swipes.pairFacts(viewerId, subjectId),
  ]);
  if (!viewer) throw new AppError('profile_required', 'Create your profile first');
  // Suspended and banned people are out of sight (their own preview still works).
  if (!subject || (!own && subject.visibility === 'restricted')) throw profileNotFound();
  const now = deps.clock.now();
  const ready = photos.get(subjectId) ?? [];
  if (
    facts !== null &&
    !mayViewProfile(viewer, subject, { ...facts, candidateHasReadyPhoto: ready.length > 0 }, now)
  )
    throw profileNotFound();
  return toPublicProfile(subject, viewer, now, ready);
}

/**
 * Pauses (`paused`) or resumes the caller's profile: while paused, discovery leaves them out for everyone;
 * matches and chats go on. Both are idempotent: pausing again keeps the first pause time.
 */
export async function setProfilePaused(deps: Deps, userId: string, paused: boolean): Promise<Profile> {
  const now = deps.clock.now();
  const record = await deps.store.profiles.setPaused(userId, paused ? now.toISOString() : null);
  if (!record) throw new AppError('profile_required', 'Create your profile first');
  return toOwnProfile(record, now, await listPhotos(deps, userId));
}
