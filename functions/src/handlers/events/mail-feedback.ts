import type { SNSEvent } from 'aws-lambda';
import type { EmailFeedback } from '../../domain/email-deliverability';
import { type MailFeedbackDeps, recordMailFeedback } from '../../services/mail/mail-feedback';

export type MailFeedbackHandler = (event: SNSEvent, context?: object) => Promise<void>;

export interface SesFeedback {
  feedback: EmailFeedback;
  addresses: string[];
}

const recipients = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((entry) =>
        typeof entry === 'object' && entry !== null && typeof entry.emailAddress === 'string'
          ? [entry.emailAddress]
          : [],
      )
    : [];

/** A bare address out of `"Name" <a@b>` (SES reports recipients as they were addressed). */
const bareAddress = (address: string) => /<([^<>]+)>\s*$/.exec(address)?.[1] ?? address;

/**
 * What an SES event says about deliverability: a permanent bounce (the mailbox does not exist) or a complaint
 * (marked as spam, unless the report itself says `not-spam`). Transient and undetermined bounces say nothing
 * lasting (SES already retried); other events (Send, Delivery...) are not ours. Accepts both the
 * configuration-set event shape (`eventType`) and the identity notification shape (`notificationType`).
 */
export function parseSesFeedback(message: string): SesFeedback | null {
  let event: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed !== 'object' || parsed === null) return null;
    event = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const type = event.eventType ?? event.notificationType;
  if (type === 'Bounce') {
    const bounce = event.bounce as { bounceType?: unknown; bouncedRecipients?: unknown } | undefined;
    if (bounce?.bounceType !== 'Permanent') return null;
    return { feedback: 'bounced', addresses: recipients(bounce.bouncedRecipients).map(bareAddress) };
  }
  if (type === 'Complaint') {
    const complaint = event.complaint as
      | { complainedRecipients?: unknown; complaintFeedbackType?: unknown }
      | undefined;
    if (complaint?.complaintFeedbackType === 'not-spam') return null;
    return {
      feedback: 'complained',
      addresses: recipients(complaint?.complainedRecipients).map(bareAddress),
    };
  }
  return null;
}

/**
 * The bounce and complaint function: the SES configuration set's event destination publishes to an SNS topic
 * that invokes it. Each report marks the accounts holding the addresses (services/mail/mail-feedback.ts).
 * A store failure is thrown: SNS retries the invocation (Lambda's async retries, then its dead-letter queue).
 */
export function createMailFeedbackHandler(getDeps: () => Promise<MailFeedbackDeps>): MailFeedbackHandler {
  return async (event) => {
    const deps = await getDeps();
    for (const record of event.Records) {
      const report = parseSesFeedback(record.Sns.Message);
      if (report === null) {
        deps.log.info('SES event without lasting feedback ignored', { snsMessageId: record.Sns.MessageId });
        continue;
      }
      await recordMailFeedback(deps, report.feedback, report.addresses);
    }
  };
}
