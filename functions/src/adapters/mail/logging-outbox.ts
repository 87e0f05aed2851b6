import type { Logger } from '../../ports/logger';
import { type MailMessage, type MailOutbox, maskAddress } from '../../ports/mailer';

/**
 * Sends nothing and logs what it would have queued (kind, id, masked address; never the body, which holds
 * links that are credentials). For processes that must not send mail (the seed script, benchmarks) and for
 * a Lambda function deployed without a mail queue (`MAIL_QUEUE_URL` unset: a stack without a mail domain).
 */
export function createLoggingOutbox(log: Logger, reason: string): MailOutbox {
  return {
    async enqueue(message: MailMessage) {
      log.warn(`mail not sent: ${reason}`, {
        kind: message.kind,
        messageId: message.id,
        userId: message.userId,
        to: maskAddress(message.to),
      });
    },
    async forgetUser() {},
    idle: () => Promise.resolve(),
    async close() {},
  };
}

/** An outbox that keeps what it is given: tests read the mail a use case queued. */
export interface RecordingOutbox extends MailOutbox {
  readonly queued: MailMessage[];
}

export function createRecordingOutbox(): RecordingOutbox {
  const queued: MailMessage[] = [];
  return {
    queued,
    async enqueue(message) {
      queued.push(message);
    },
    async forgetUser(userId) {
      for (let index = queued.length - 1; index >= 0; index -= 1) {
        if (queued[index]?.userId === userId) queued.splice(index, 1);
      }
    },
    idle: () => Promise.resolve(),
    async close() {},
  };
}
