import type { ServerEvent } from '../contract/events';

/**
 * Pushes events to users' live connections: PostToConnection on AWS, the in-process registry (plus
 * LISTEN/NOTIFY across replicas) in the lab. Best effort and at least once; never fails the caller's request.
 */
export interface Notifier {
  publish(userIds: readonly string[], event: ServerEvent): Promise<void>;
}
