import type { SwipeRequest, SwipeResponse } from '../../contract/matching';
import { notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { createsMatch } from '../../domain/pair-facts';
import type { Deps } from '../deps';
import { publishEvent } from '../matches/match-events';
import { toMatchSummary } from '../matches/match-views';
import { queueMatchPush } from '../notifications/queue-push';
import { requireProfile } from '../profiles/require-profile';
import { enforceRateLimit } from '../safety/rate-limiter';

const userNotFound = () => notFound('User not found');

/**
 * Likes or passes on another user. Idempotent per (caller, target): the first decision stands and a repeat
 * answers the same (`matched` says whether their match exists now). The match rule is domain/pair-facts
 * `createsMatch` (two likes and no match: create one), applied by the store to the pair's facts inside the
 * swipe's atomic unit; when it creates the match, both sides get a `match` event, each with the match as they
 * list it.
 * Oneself, unknown users and blocked pairs (either way) are all 404.
 */
export async function swipe(deps: Deps, userId: string, input: SwipeRequest): Promise<SwipeResponse> {
  if (input.targetUserId === userId) throw userNotFound();
  await enforceRateLimit(deps, 'swipesPerUser', userId);
  const now = deps.clock.now();
  const [viewer, target] = await Promise.all([
    requireProfile(deps, userId),
    deps.store.profiles.get(input.targetUserId),
  ]);
  if (!target) throw userNotFound();
  const result = await deps.store.swipes.record(
    { swiperId: userId, targetId: target.userId, decision: input.decision, createdAt: now.toISOString() },
    newId(now),
    createsMatch,
  );
  if (result.status === 'blocked') throw userNotFound();
  const match = result.match?.endedAt === null ? result.match : null;
  if (!match) return { matched: false };

  const photos = await deps.store.photos.listReadyByUsers([userId, target.userId]);
  const mine = toMatchSummary(match, target, photos.get(target.userId) ?? [], viewer, now);
  if (result.matchCreated) {
    const theirs = toMatchSummary(match, viewer, photos.get(userId) ?? [], target, now);
    await Promise.all([
      publishEvent(deps, [userId], { type: 'match', match: mine }),
      publishEvent(deps, [target.userId], { type: 'match', match: theirs }),
      queueMatchPush(deps, userId, match.id, target.displayName),
      queueMatchPush(deps, target.userId, match.id, viewer.displayName),
    ]);
  }
  return { matched: true, match: mine };
}
