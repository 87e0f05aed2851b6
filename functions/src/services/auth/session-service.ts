import { type EndedSessions, MAX_LISTED_SESSIONS, type SessionList } from '../../contract/sessions';
import { UNKNOWN_DEVICE } from '../../domain/device-label';
import { notFound } from '../../domain/errors';
import type { RefreshSession } from '../../ports/repositories';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Deps } from '../deps';

/** Who asks: the user and the session (refresh-token family) their access token was issued in. */
export interface SessionCaller {
  userId: string;
  sessionId: string;
}

/** Sessions that still work: not ended and not expired (expired ones wait for TTL or a sweep). */
async function liveSessions(deps: Deps, userId: string): Promise<RefreshSession[]> {
  const now = deps.clock.now().toISOString();
  const all = await deps.store.refreshTokens.listSessions(userId);
  return all.filter((session) => session.revokedAt === null && session.expiresAt > now);
}

/** `GET /api/me/sessions`: the caller's live logins, most recently used first, bounded. */
export async function listSessions(deps: Deps, caller: SessionCaller): Promise<SessionList> {
  const live = await liveSessions(deps, caller.userId);
  const newestFirst = live.sort((a, b) =>
    a.lastUsedAt === b.lastUsedAt ? (a.familyId < b.familyId ? 1 : -1) : a.lastUsedAt < b.lastUsedAt ? 1 : -1,
  );
  return {
    sessions: newestFirst.slice(0, MAX_LISTED_SESSIONS).map((session) => ({
      id: session.familyId,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      device: session.device ?? UNKNOWN_DEVICE,
      current: session.familyId === caller.sessionId,
    })),
    truncated: newestFirst.length > MAX_LISTED_SESSIONS,
  };
}

/** Revokes the families (their refresh tokens stop working at once), audits, and closes their sockets. */
async function endSessions(deps: Deps, caller: SessionCaller, sessionIds: string[], actor: Actor) {
  const at = deps.clock.now().toISOString();
  for (const sessionId of sessionIds) {
    await deps.store.refreshTokens.revokeFamily(caller.userId, sessionId, at);
    await recordAuditEvent(deps, 'session_ended', caller.userId, actor, {
      sessionId,
      current: sessionId === caller.sessionId,
    });
  }
  await deps.notifier.disconnectSessions(caller.userId, sessionIds);
  deps.log.info('sessions ended', { userId: caller.userId, count: sessionIds.length });
}

/**
 * `DELETE /api/me/sessions/{id}`: ends one live session of the caller (the current one too: that is a
 * logout). Another user's session, an ended or an unknown one: 404, the same answer.
 */
export async function endSession(
  deps: Deps,
  caller: SessionCaller,
  sessionId: string,
  actor: Actor,
): Promise<void> {
  const live = await liveSessions(deps, caller.userId);
  if (!live.some((session) => session.familyId === sessionId)) throw notFound('No such session');
  await endSessions(deps, caller, [sessionId], actor);
}

/** `DELETE /api/me/sessions`: ends every live session of the caller but the current one. */
export async function endOtherSessions(
  deps: Deps,
  caller: SessionCaller,
  actor: Actor,
): Promise<EndedSessions> {
  const others = (await liveSessions(deps, caller.userId))
    .map((session) => session.familyId)
    .filter((familyId) => familyId !== caller.sessionId);
  await endSessions(deps, caller, others, actor);
  return { ended: others.length };
}
