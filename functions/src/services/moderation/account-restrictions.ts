import type { Deps } from '../deps';
import { publishUnmatched } from '../matches/match-events';
import { otherPartyOf } from '../matches/match-views';

/**
 * Ends every live session of the user at once: refresh tokens stop working, and the WebSocket connections
 * opened in those sessions close (DeleteConnection on AWS, a close frame in the lab). Access tokens already
 * fail at the next request, since authentication reads the account (authenticate-caller.ts).
 */
export async function endAllSessions(
  deps: Pick<Deps, 'store' | 'clock' | 'notifier' | 'log'>,
  userId: string,
): Promise<number> {
  const at = deps.clock.now().toISOString();
  const sessions = await deps.store.refreshTokens.listSessions(userId);
  await deps.store.refreshTokens.revokeAllForUser(userId, at);
  const ids = sessions.map((session) => session.familyId);
  try {
    await deps.notifier.disconnectSessions(userId, ids);
  } catch (error) {
    deps.log.warn('could not close the connections of ended sessions', { userId, error });
  }
  return ids.length;
}

/** A ban ends the user's active matches; the other sides get `unmatched` like after a block. */
export async function endAllMatches(deps: Deps, userId: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  for (const match of await deps.store.matches.listAllByUser(userId)) {
    if (match.endedAt !== null) continue;
    if (await deps.store.matches.end(match.id, at)) {
      const other = otherPartyOf(match, userId);
      if (other) await publishUnmatched(deps, other, match.id);
    }
  }
}
