import { createMailFeedbackHandler } from '../../../handlers/events/mail-feedback';
import { mailFeedbackDeps } from '../mail-deps';

/**
 * The bounce and complaint function: SES configuration-set events (Bounce, Complaint) reach it through an SNS
 * topic; it marks the accounts whose addresses bounced or complained (infra/lib/mail-stack.ts).
 */
export const handler = createMailFeedbackHandler(mailFeedbackDeps());
