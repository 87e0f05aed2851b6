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
