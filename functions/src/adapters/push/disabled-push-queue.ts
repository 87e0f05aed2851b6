import type { Logger } from '../../ports/logger';
import type { PushQueue } from '../../ports/push';

/** Where push is not configured: notifications are dropped (logged at debug level, ids only). */
export function createDisabledPushQueue(log: Logger): PushQueue {
  return {
    async enqueue(job) {
      log.debug('push notification not sent: push is not configured', { kind: job.kind, jobId: job.id });
    },
    async forgetUser() {},
    idle: () => Promise.resolve(),
    async close() {},
  };
}
