import { AppError } from '../../domain/errors';
import type { ProfileRecord } from '../../domain/records';
import type { Deps } from '../deps';

/** The caller's own profile; discovery, swipes and matches measure distances and preferences from it. */
export async function requireProfile(deps: Deps, userId: string): Promise<ProfileRecord> {
  const profile = await deps.store.profiles.get(userId);
  if (!profile) throw new AppError('profile_required', 'Create your profile first');
  return profile;
}
