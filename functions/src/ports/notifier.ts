import type { ServerEvent } from '../contract/events';

/**
 * Pushes events to users' live connections: PostToConnection on AWS, the in-process registry (plus
 * LISTEN/NOTIFY across replicas) in the lab. Best effort and at least once; never fails the caller's request
 * because a recipient is gone (stale connections are forgotten on the way).
 */
export interface Notifier {
  /** To every live connection of these users. */
  publish(userIds: readonly string[], event: ServerEvent): Promise<void>;
  /** To one connection: the answer to a WebSocket frame (`pong`, `error`). */
  sendToConnection(connectionId: string, event: ServerEvent): Promise<void>;
}
