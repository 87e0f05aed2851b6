import { createInProcessQueue } from '../../adapters/queue/in-process-queue';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { PushJob, PushQueue, PushSender } from '../../ports/push';
import type { Store } from '../../ports/repositories';
import { deliverPush } from '../../services/notifications/deliver-push';

export interface LabPushOptions {
  store: Store;
  sender: PushSender;
  clock: Clock;
  log: Logger;
  /** Retry timing of the in-process queue (tests shorten it). */
  retry?: { maxAttempts?: number; retryDelayMs?: number; maxRetryDelayMs?: number };
}

/**
 * The lab's push notifications: the in-process queue (the one the mail outbox uses) in front of
 * `deliverPush`, so a message or a match answers before anything is decided or sent; a push service that
 * fails is retried with backoff. Logs carry ids and kinds, never the message text.
 */
export function openLabPush(options: LabPushOptions): PushQueue {
  const log = options.log.child({ component: 'push' });
  const delivery = { store: options.store, sender: options.sender, clock: options.clock, log };
  const queue = createInProcessQueue<PushJob>({
    deliver: async (job) => {
      const result = await deliverPush(delivery, job);
      log.debug('push notification done', { kind: job.kind, jobId: job.id, userId: job.recipientId, result });
    },
    describe: (job) => ({ kind: job.kind, jobId: job.id, userId: job.recipientId }),
    userIdOf: (job) => job.recipientId,
    what: 'push notification',
    queueName: 'push queue',
    log,
    ...options.retry,
  });
  return {
    async enqueue(job) {
      queue.enqueue(job);
    },
    async forgetUser(userId) {
      queue.forget(userId);
    },
    idle: () => queue.idle(),
    close: () => queue.close(),
  };
}
