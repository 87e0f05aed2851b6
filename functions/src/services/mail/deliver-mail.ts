import { acceptsMail } from '../../domain/email-deliverability';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { type MailMessage, type MailTransport, maskAddress, PermanentMailFailure } from '../../ports/mailer';
import type { Store } from '../../ports/repositories';
import { recordMailFeedback } from './mail-feedback';

/** What the sending side needs: the lab's outbox worker, or the AWS mail-sending function. */
export interface MailDeliveryDeps {
  store: Store;
  transport: MailTransport;
  clock: Clock;
  log: Logger;
}

export type DeliveryOutcome = 'sent' | 'undeliverable' | 'account_gone';

/**
 * One delivery attempt of a queued message: an address that bounced or complained gets nothing (logged), mail
 * about an erased account is dropped, anything else goes to the transport. A transport error is thrown for
 * the queue to retry; a permanent refusal of the recipient is recorded as a bounce first.
 */
export async function deliverMail(deps: MailDeliveryDeps, message: MailMessage): Promise<DeliveryOutcome> {
  const fields = {
    kind: message.kind,
    messageId: message.id,
    userId: message.userId,
    to: maskAddress(message.to),
    transport: deps.transport.name,
  };
  const holder = await deps.store.users.findByEmail(message.to);
  const state = holder?.emailDeliverability ?? 'ok';
  if (!acceptsMail(state)) {
    deps.log.warn('mail not sent: the address is not deliverable', { ...fields, deliverability: state });
    return 'undeliverable';
  }
  // The address may be no account's yet (a new address being confirmed): then the account must still exist.
  if (holder?.id !== message.userId && (await deps.store.users.findById(message.userId)) === null) {
    deps.log.info('mail not sent: the account no longer exists', fields);
    return 'account_gone';
  }
  try {
    await deps.transport.send(message);
  } catch (error) {
    if (error instanceof PermanentMailFailure && error.feedback !== null) {
      await recordMailFeedback(deps, error.feedback, [message.to]);
    }
    throw error;
  }
  deps.log.info('mail sent', fields);
  return 'sent';
}
