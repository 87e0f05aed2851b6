import type { EmailFeedback } from '../domain/email-deliverability';

/**
 * Deliverability of each account's address, stored on the user (a column in PostgreSQL, an attribute of the
 * user item in DynamoDB) and read back with it (`UserRecord.emailDeliverability`), so `GET /api/me` costs no
 * extra read. It is about the account's current address: an email change resets it.
 */
export interface EmailDeliverabilityRepository {
  /**
   * Records a bounce or complaint for the account whose current address is `email` (normalized here), by the
   * rule of `afterFeedback`. Returns that account's id, or null when no account has the address (mail to an
   * address since changed or erased).
   */
  markByEmail(email: string, feedback: EmailFeedback, at: string): Promise<string | null>;
  /** Back to `ok` (the account's address changed). An unknown user is a no-op. */
  reset(userId: string): Promise<void>;
}
