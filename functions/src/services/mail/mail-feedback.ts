import type { EmailFeedback } from '../../domain/email-deliverability';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { maskAddress } from '../../ports/mailer';
import type { Store } from '../../ports/repositories';

export interface MailFeedbackDeps {
  store: Store;
  clock: Clock;
  log: Logger;
}

/**
 * A bounce or complaint about addresses (SES through SNS on AWS, an SMTP server's permanent refusal in the
 * lab): the accounts holding them stop receiving mail, and `GET /api/me` says so. An address no account holds
 * any more is ignored. Returns the ids of the accounts marked.
 */
export async function recordMailFeedback(
  deps: MailFeedbackDeps,
  feedback: EmailFeedback,
  addresses: readonly string[],
): Promise<string[]> {
  const at = deps.clock.now().toISOString();
  const marked: string[] = [];
  for (const address of new Set(addresses)) {
    const userId = await deps.store.emailDeliverability.markByEmail(address, feedback, at);
    deps.log.warn(
      userId === null ? 'mail feedback for an address no account has' : 'address marked undeliverable',
      { feedback, to: maskAddress(address), ...(userId === null ? {} : { userId }) },
    );
    if (userId !== null) marked.push(userId);
  }
  return marked;
}
