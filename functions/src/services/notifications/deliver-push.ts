import { createHash } from 'node:crypto';
import { defaultNotificationPreferences, type PushPayload } from '../../contract/notifications';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { PushJob, PushSender } from '../../ports/push';
import type { Store } from '../../ports/repositories';

export interface PushDeliveryDeps {
  store: Store;
  sender: PushSender;
  clock: Clock;
  log: Logger;
}

export type PushDeliveryResult =
  | 'connected'
  | 'turned_off'
  | 'no_subscriptions'
  | { sent: number; gone: number };

/** How long a push service keeps a notification for a browser that is offline: a day. */
const TTL_SECONDS = 24 * 60 * 60;
const PREVIEW_LENGTH = 120;

const preview = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= PREVIEW_LENGTH ? flat : `${flat.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…`;
};

/** RFC 8030 topics are at most 32 base64url characters. */
const topicOf = (tag: string) => createHash('sha256').update(tag).digest('base64url').slice(0, 32);

/**
 * What the notification says. Without previews a message says only who wrote ("New message from Ana"), so a
 * locked screen or a shared device shows nothing of the conversation.
 */
export function pushPayloadFor(job: PushJob, previews: boolean, senderName: string): PushPayload {
  const path = (matchId: string) => `/matches/${encodeURIComponent(matchId)}`;
  if (job.kind === 'match') {
    return {
      type: 'match',
      title: 'It’s a match!',
      body: `You and ${job.otherName} like each other.`,
      url: `${path(job.matchId)}/chat`,
      tag: `match-${job.matchId}`,
    };
  }
  return {
    type: 'message',
    title: `New message from ${senderName}`,
    body: previews ? preview(job.text) : '',
    url: `${path(job.conversationId)}/chat`,
    tag: `conversation-${job.conversationId}`,
  };
}

/**
 * One queued notification: nothing while the recipient has a live connection (the app shows it itself), nothing
 * of a kind they turned off; otherwise to each of their browsers. A subscription the push service says is gone
 * (404, 410) is deleted. A failure worth retrying is thrown after the other browsers had their turn, so the
 * queue retries the job (the browsers that got it already replace it: same tag).
 */
export async function deliverPush(deps: PushDeliveryDeps, job: PushJob): Promise<PushDeliveryResult> {
  const { store, log } = deps;
  const now = deps.clock.now().toISOString();
  // Cheapest answer first: most users have no subscription, and then one read decides.
  const subscriptions = await store.notifications.listSubscriptions(job.recipientId);
  if (subscriptions.length === 0) return 'no_subscriptions';
  const connections = await store.connections.listByUsers([job.recipientId], now);
  if (connections.length > 0) return 'connected';
  const preferences =
    (await store.notifications.getPreferences(job.recipientId)) ?? defaultNotificationPreferences;
  if (job.kind === 'match' ? !preferences.matches : !preferences.messages) return 'turned_off';

  const sender = job.kind === 'message' ? await store.profiles.get(job.senderId) : null;
  const payload = pushPayloadFor(job, preferences.previews, sender?.displayName ?? 'your match');
  const message = {
    payload: JSON.stringify(payload),
    ttlSeconds: TTL_SECONDS,
    topic: topicOf(payload.tag),
    urgency: job.kind === 'message' ? ('high' as const) : ('normal' as const),
  };
  let sent = 0;
  let gone = 0;
  const failures: unknown[] = [];
  await Promise.all(
    subscriptions.map(async (subscription) => {
      try {
        const outcome = await deps.sender.send(subscription, message);
        if (outcome === 'sent') {
          sent += 1;
          return;
        }
        gone += 1;
        await store.notifications.removeSubscription(subscription.userId, subscription.id);
        log.info('push subscription gone; deleted', {
          jobId: job.id,
          userId: job.recipientId,
          subscriptionId: subscription.id,
        });
      } catch (error) {
        failures.push(error);
      }
    }),
  );
  if (failures.length > 0) {
    throw new AggregateError(
      failures,
      `push failed for ${failures.length} of ${subscriptions.length} browsers`,
    );
  }
  return { sent, gone };
}
