import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { messageWithCauses } from '../../domain/errors';
import { parseQueuedMail } from '../../ports/mailer';
import { deliverMail, type MailDeliveryDeps } from '../../services/mail/deliver-mail';

export type SendMailHandler = (event: SQSEvent, context?: object) => Promise<SQSBatchResponse>;

/**
 * The mail-sending function: SQS delivers batches of queued account mail (sqs-outbox.ts); each record is one
 * delivery attempt (services/mail/deliver-mail.ts). A failed record is reported in `batchItemFailures`, so
 * SQS redelivers only it after the visibility timeout, and after `maxReceiveCount` receives moves it to the
 * dead-letter queue. A body that is not a queued message is logged and dropped (retrying cannot fix it).
 */
export function createSendMailHandler(getDeps: () => Promise<MailDeliveryDeps>): SendMailHandler {
  return async (event) => {
    const deps = await getDeps();
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const message = parseQueuedMail(record.body);
      if (message === null) {
        deps.log.error('dropped a queue record that is not a mail message', {
          sqsMessageId: record.messageId,
        });
        continue;
      }
      try {
        await deliverMail(deps, message);
      } catch (error) {
        deps.log.error('mail not sent; SQS will retry', {
          kind: message.kind,
          messageId: message.id,
          userId: message.userId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error: messageWithCauses(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
