import type { LikesPage } from '../../contract/matching';
import type { Deps } from '../deps';
import { DEFAULT_PAGE_LIMIT, decodePageCursor, encodePageCursor } from '../matches/page-cursor';
import { toPublicProfile } from '../profiles/profile-service';
import { requireProfile } from '../profiles/require-profile';

/**
 * "Likes you": who liked the caller and is still unanswered, newest first (domain/eligibility `likesYouShows`).
 * Liking one back (POST /api/swipes) makes the match. A page may be short while `nextCursor` is set: the store
 * reads a bounded number of likes per call.
 */
export async function listLikes(
  deps: Deps,
  userId: string,
  query: { limit?: number; cursor?: string },
): Promise<LikesPage> {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  const after = query.cursor === undefined ? undefined : decodePageCursor(query.cursor);
  const viewer = await requireProfile(deps, userId);
  const now = deps.clock.now();
  const { items, next } = await deps.store.swipes.likesReceived(userId, {
    limit,
    ...(after ? { after: { likedAt: after.at, likerId: after.id } } : {}),
  });
  return {
    items: items.map((like) => ({
      user: toPublicProfile(like.profile, viewer, now, like.photos),
      likedAt: like.likedAt,
    })),
    nextCursor: next === null ? null : encodePageCursor(next.likedAt, next.likerId),
  };
}
