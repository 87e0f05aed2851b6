import type { Logger } from '../../ports/logger';
import { type MailMessage, type MailOutbox, maskAddress, PermanentMailFailure } from '../../ports/mailer';
import { createInProcessQueue } from '../queue/in-process-queue';

export interface InProcessOutboxOptions {
  /** One delivery attempt (deliverability check, then the transport); throws to be retried. */
  deliver(message: MailMessage): Promise<void>;
  /** Drops what the transport keeps of a user's mail (erasure). */
  forgetUser?(userId: string): Promise<void>;
  log: Logger;
  /** Messages waiting or being retried at most; a full queue drops the new message (logged). Default 1,000. */
  maxQueued?: number;
  /** Attempts per message, the first included. Default 6 (about a minute of retries with the defaults). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (with jitter), capped by `maxRetryDelayMs`. Default 2 s. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Deliveries at once. Default 2. */
  concurrency?: number;
}

/**
 * The lab's mail queue, on the in-process queue (adapters/queue/in-process-queue.ts): `enqueue` returns at
 * once and the message is delivered in the background, retried with exponential backoff (transient failures:
 * the SMTP server down, a 4xx) up to `maxAttempts`; a permanent failure (the server refused the recipient) is
 * not retried. Logs say the kind, message id, user and a masked address, and the error: never the body. It
 * lives in memory: a restart loses what is still queued (logged at close), which suits mail that a user can ask
 * for again (a new reset link).
 */
export function createInProcessOutbox(options: InProcessOutboxOptions): MailOutbox {
  const { deliver, forgetUser, ...timing } = options;
  const queue = createInProcessQueue<MailMessage>({
    ...timing,
    deliver,
    isPermanent: (error) => error instanceof PermanentMailFailure,
    describe: (message) => ({
      kind: message.kind,
      messageId: message.id,
      userId: message.userId,
      to: maskAddress(message.to),
    }),
    userIdOf: (message) => message.userId,
    what: 'mail',
    queueName: 'outbox',
  });
  return {
    async enqueue(message) {
      queue.enqueue(message);
    },
    async forgetUser(userId) {
      queue.forget(userId);
      await forgetUser?.(userId);
    },
    idle: () => queue.idle(),
    pending: () => queue.pending(),
    close: () => queue.close(),
  };
}
