import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailTransport } from '../../ports/mailer';

export interface SesTransportOptions {
  /** `Name <no-reply@mail.example.org>`: an address of the verified identity. */
  from: string;
  /** The configuration set whose event destination reports bounces and complaints. */
  configurationSet?: string;
  client?: SESv2Client;
  clientConfig?: SESv2ClientConfig;
}

/**
 * AWS's transport: SES v2 SendEmail with simple content (SES builds the MIME message and signs it with the
 * identity's DKIM keys), tagged with the kind so SES events say which mail bounced. Errors are thrown: the
 * mail-sending function reports the SQS record as failed and SQS redelivers it.
 */
export function createSesTransport(options: SesTransportOptions): MailTransport {
  const client = options.client ?? new SESv2Client(options.clientConfig ?? {});
  return {
    name: 'ses',
    async send(message) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: message.text, Charset: 'UTF-8' },
                Html: { Data: message.html, Charset: 'UTF-8' },
              },
              Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
            },
          },
          ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
          EmailTags: [
            { Name: 'kind', Value: message.kind.replace(/[^A-Za-z0-9_-]/g, '_') },
            { Name: 'messageId', Value: message.id },
          ],
        }),
      );
    },
    async close() {
      client.destroy();
    },
  };
}
