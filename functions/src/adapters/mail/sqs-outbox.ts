import { messageWithCauses } from '../../domain/errors';
import type { Logger } from '../../ports/logger';
import { type MailOutbox, maskAddress, queuedMailBody } from '../../ports/mailer';
import { type AwsRequester, configuredEndpoint, jsonApiError } from '../aws/signed-request';

export interface SqsOutboxOptions {
  /** `https://sqs.<region>.amazonaws.com/<account>/<name>`: the mail queue the CDK app creates. */
  queueUrl: string;
  request: AwsRequester;
  log: Logger;
  env?: Record<string, string | undefined>;
}

/**
 * The API functions' outbox on AWS: one SQS SendMessage (JSON protocol, signed with the pieces the DynamoDB
 * client bundles anyway, see signed-request.ts; no SQS SDK client in the API bundles). The mail-sending
 * function consumes the queue; SQS retries what it fails and moves a message that keeps failing to the
 * dead-letter queue. A failed SendMessage is logged and the request goes on.
 */
export function createSqsOutbox(options: SqsOutboxOptions): MailOutbox {
  const queue = new URL(options.queueUrl);
  // The queue's own host, unless the SDK's endpoint variables say otherwise (tests).
  const endpoint = new URL('/', configuredEndpoint('SQS', options.env) ?? queue.origin);
  return {
    async enqueue(message) {
      try {
        const response = await options.request({
          service: 'sqs',
          method: 'POST',
          url: endpoint,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AmazonSQS.SendMessage',
          },
          body: JSON.stringify({
            QueueUrl: options.queueUrl,
            MessageBody: queuedMailBody(message),
            MessageAttributes: { kind: { DataType: 'String', StringValue: message.kind } },
          }),
        });
        if (response.status !== 200) throw jsonApiError(response, 'SQS SendMessage');
      } catch (error) {
        options.log.error('mail not queued', {
          kind: message.kind,
          messageId: message.id,
          userId: message.userId,
          to: maskAddress(message.to),
          error: messageWithCauses(error),
        });
      }
    },
    // Queued SQS messages cannot be picked out; the sender drops mail about an erased account
    // (services/mail/deliver-mail.ts).
    async forgetUser() {},
    idle: () => Promise.resolve(),
    async close() {},
  };
}
