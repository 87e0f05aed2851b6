import type { ServerEvent } from '../../contract/events';
import type { PublishOptions } from '../../ports/notifier';
import type { Deps } from '../deps';

/**
 * Publishes through the Notifier without ever failing the request: the state change is committed already,
 * and clients also see it by polling (`GET /api/matches`). Delivery is at least once; events carry ids.
 */
export async function publishEvent(
  deps: Deps,
  userIds: readonly string[],
  event: ServerEvent,
  options: PublishOptions = {},
): Promise<void> {
  try {
    await deps.notifier.publish(userIds, event, options);
  } catch (error) {
    deps.log.warn('could not publish an event', {
      type: event.type,
      error,
    });
  }
}

/** Tells the other side that their match is gone (unmatch or block): its conversation closes in their app. */
export const publishUnmatched = (deps: Deps, otherUserId: string, matchId: string) =>
  publishEvent(deps, [otherUserId], { type: 'unmatched', matchId });
