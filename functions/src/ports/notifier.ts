import type { ServerEvent } from '../contract/events';

export interface PublishOptions {
  /**
   * A connection of the recipients that must not get the event: the one that sent the frame being answered,
   * which gets its answer straight from `sendToConnection` (no connection lookup, so it arrives even when the
   * store has just failed).
   */
  exceptConnectionId?: string;
}

/**
 * Pushes events to users' live connections: PostToConnection on AWS, the in-process registry (plus
 * LISTEN/NOTIFY across replicas) in the lab. Best effort and at least once; never fails the caller's request
 * because a recipient is gone (stale connections are forgotten on the way).
 */
export interface Notifier {
  /** To every live connection of these users (looked up in the store), but `exceptConnectionId`. */
  publish(userIds: readonly string[], event: ServerEvent, options?: PublishOptions): Promise<void>;
  /**
   * To one connection, without a store lookup: the answer to a WebSocket frame (`messageAck`, `pong`,
   * `error`), addressed by the frame's own `requestContext.connectionId`.
   */
  sendToConnection(connectionId: string, event: ServerEvent): Promise<void>;
  /**
   * Closes every live connection of the user that was opened in one of these sessions (refresh-token
   * families): DeleteConnection on AWS, a close frame from the lab gateway. Best effort, like delivery.
   */
  disconnectSessions(userId: string, sessionIds: readonly string[]): Promise<void>;
}
