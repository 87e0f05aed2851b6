import type { MatchPage } from '../../contract/matching';
import { notFound } from '../../domain/errors';
import type { Deps } from '../deps';
import { requireProfile } from '../profiles/require-profile';
import { publishUnmatched } from './match-events';
import { otherPartyOf, toMatchSummary } from './match-views';
import { DEFAULT_PAGE_LIMIT, decodePageCursor, pageOf } from './page-cursor';

/** The caller's active matches by last activity, newest first; paged with an opaque cursor. */
export async function listMatches(
  deps: Deps,
  userId: string,
  query: { limit?: number; cursor?: string },
): Promise<MatchPage> {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  const after = query.cursor === undefined ? undefined : decodePageCursor(query.cursor);
  const viewer = await requireProfile(deps, userId);
  const fetched = await deps.store.matches.listActive(userId, {
    limit: limit + 1,
    ...(after ? { after: { lastActivityAt: after.at, matchId: after.id } } : {}),
  });
  const paged = pageOf(fetched, limit, ({ match }) => ({ at: match.lastActivityAt, id: match.id }));
  // A suspended partner is out of sight until the suspension ends (a ban ends the match itself).
  const page = { ...paged, items: paged.items.filter(({ other }) => other.visibility !== 'restricted') };
  const photos = page.items.length
    ? await deps.store.photos.listReadyByUsers(page.items.map(({ other }) => other.userId))
    : new Map();
  const now = deps.clock.now();
  return {
    items: page.items.map(({ match, other, conversation }) =>
      toMatchSummary(match, other, photos.get(other.userId) ?? [], viewer, now, conversation),
    ),
    nextCursor: page.nextCursor,
  };
}

/**
 * Ends the caller's match; the other side gets `unmatched` (once: repeating the call changes nothing and
 * answers the same). Someone else's match and an unknown id are both 404.
 */
export async function unmatch(deps: Deps, userId: string, matchId: string): Promise<void> {
  const match = await deps.store.matches.get(matchId);
  const other = match ? otherPartyOf(match, userId) : null;
  if (!match || other === null) throw notFound('Match not found');
  if (await deps.store.matches.end(match.id, deps.clock.now().toISOString())) {
    await publishUnmatched(deps, other, match.id);
  }
}
