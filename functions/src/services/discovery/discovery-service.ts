import type { DiscoverResponse } from '../../contract/matching';
import type { Deps } from '../deps';
import { toPublicProfile } from '../profiles/profile-service';
import { requireProfile } from '../profiles/require-profile';

export const DEFAULT_DISCOVER_LIMIT = 20;

/**
 * Ranked candidates for the caller (the rules live in domain/eligibility and domain/discovery-score; each
 * store answers in a bounded number of requests). Asking counts as activity, which ranks the caller higher
 * for others.
 */
export async function discover(
  deps: Deps,
  userId: string,
  limit = DEFAULT_DISCOVER_LIMIT,
): Promise<DiscoverResponse> {
  const now = deps.clock.now();
  const viewer = await requireProfile(deps, userId);
  const [candidates] = await Promise.all([
    deps.store.discovery.findCandidates(viewer, {
      limit,
      now,
      verifiedOnly: deps.config.emailVerification === 'required',
    }),
    deps.store.discovery.recordActivity(userId, now.toISOString()),
  ]);
  return {
    items: candidates.map((candidate) => toPublicProfile(candidate.profile, viewer, now, candidate.photos)),
  };
}
