import { createHash, randomBytes } from 'node:crypto';
import type { RealtimeTicket } from '../../contract/chat';
import type { ServerEvent } from '../../contract/events';
import { AppError } from '../../domain/errors';
import type { ConnectionRecord } from '../../ports/chat';
import type { Deps } from '../deps';

/** A ticket must be used within this time (docs/api.md). */
export const TICKET_TTL_SECONDS = 60;
/** API Gateway closes every WebSocket connection after 2 hours; the record expires with it. */
export const CONNECTION_MAX_AGE_SECONDS = 2 * 60 * 60;
/** Where the SPA connects (same origin: CloudFront's `/ws` behaviour, or the lab runtime). */
export const WEBSOCKET_PATH = '/ws';

const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/**
 * A one-time ticket for `GET /ws?ticket=...` (browsers cannot send an Authorization header on a WebSocket).
 * 256 random bits; only its hash is stored, with a 60 s expiry (TTL).
 */
export async function issueRealtimeTicket(
  deps: Deps,
  userId: string,
  /** The caller's session: ending it closes the connection this ticket opens. */
  sessionId?: string,
): Promise<RealtimeTicket> {
  const now = deps.clock.now();
  // An ended session keeps its access token for up to 15 minutes, but may not open new connections: the
  // 401 makes the SPA try its (revoked) refresh token and log out.
  if (sessionId !== undefined) {
    const sessions = await deps.store.refreshTokens.listSessions(userId);
    const live = sessions.some(
      (session) =>
        session.familyId === sessionId && session.revokedAt === null && session.expiresAt > now.toISOString(),
    );
    if (!live) throw new AppError('unauthorized', 'This session has ended; please log in again');
  }
  const ticket = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TICKET_TTL_SECONDS * 1000).toISOString();
  await deps.store.realtimeTickets.create({
    ticketHash: hashTicket(ticket),
    userId,
    ...(sessionId === undefined ? {} : { sessionId }),
    createdAt: now.toISOString(),
    expiresAt,
  });
  return { ticket, url: `${WEBSOCKET_PATH}?ticket=${ticket}`, expiresAt };
}

/**
 * `$connect`: consumes the ticket (a second use, an expired or unknown ticket: 401, so the gateway refuses
 * the upgrade) and records the connection for 2 hours.
 */
export async function openConnection(
  deps: Deps,
  connectionId: string,
  ticket: string | undefined,
): Promise<ConnectionRecord> {
  const now = deps.clock.now();
  const holder =
    ticket && /^[A-Za-z0-9_-]{16,128}$/.test(ticket)
      ? await deps.store.realtimeTickets.consume(hashTicket(ticket), now.toISOString())
      : null;
  if (holder === null) throw new AppError('unauthorized', 'A valid, unused realtime ticket is required');
  const connection: ConnectionRecord = {
    id: connectionId,
    userId: holder.userId,
    ...(holder.sessionId === null ? {} : { sessionId: holder.sessionId }),
    connectedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CONNECTION_MAX_AGE_SECONDS * 1000).toISOString(),
  };
  await deps.store.connections.add(connection);
  return connection;
}

/** `$disconnect`: forgets the connection (already gone is fine). */
export async function closeConnection(deps: Deps, connectionId: string): Promise<void> {
  await deps.store.connections.remove(connectionId);
}

/** The user behind a live connection; 401 when the connection is unknown or past its 2 hours. */
export async function connectionUser(deps: Deps, connectionId: string): Promise<string> {
  const connection = await deps.store.connections.get(connectionId, deps.clock.now().toISOString());
  if (!connection) throw new AppError('unauthorized', 'This connection is not authenticated; reconnect');
  return connection.userId;
}

/** An answer to one connection (pong, error): best effort, like every event. */
export async function answerConnection(deps: Deps, connectionId: string, event: ServerEvent): Promise<void> {
  try {
    await deps.notifier.sendToConnection(connectionId, event);
  } catch (error) {
    deps.log.warn('could not answer a connection', {
      type: event.type,
      error,
    });
  }
}
