import type { SwipeRequest, SwipeResponse, UndoResponse } from '../../contract/matching';
import { AppError, notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { createsMatch } from '../../domain/pair-facts';
import type { Deps } from '../deps';
import { publishEvent } from '../matches/match-events';
import { toMatchSummary } from '../matches/match-views';
import { queueMatchPush } from '../notifications/queue-push';
import { toPublicProfile } from '../profiles/profile-service';
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

/** How long a pass can be taken back. */
export const UNDO_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Takes back the caller's last decision when it is a pass from the last 24 hours (at most `undosPerUser` a
 * day): the person is answered with their public profile, to show again, and can then be liked. A like is
 * never taken back (a match is ended by unmatching), so no undo can touch a match. Nothing to undo: 409.
 */
export async function undoLastPass(deps: Deps, userId: string): Promise<UndoResponse> {
  await enforceRateLimit(deps, 'undosPerUser', userId);
  const now = deps.clock.now();
  const viewer = await requireProfile(deps, userId);
  const since = new Date(now.getTime() - UNDO_WINDOW_MS).toISOString();
  const undone = await deps.store.swipes.undoLastPass(userId, since);
  if (!undone)
    throw new AppError(
      'conflict',
      'Your last decision is not a pass from the last 24 hours: nothing to undo',
    );
  const [target, photos] = await Promise.all([
    deps.store.profiles.get(undone.targetId),
    deps.store.photos.listReadyByUsers([undone.targetId]),
  ]);
  return {
    targetUserId: undone.targetId,
    user: target ? toPublicProfile(target, viewer, now, photos.get(undone.targetId) ?? []) : null,
  };
}
