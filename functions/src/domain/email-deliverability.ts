/**
 * Whether mail still reaches an account's address. A permanent bounce (the receiving server says the mailbox
 * does not exist) or a complaint (the recipient marked our mail as spam) stops all further mail to it: mail
 * providers judge a sender by its bounce and complaint rates, and a complaint is an explicit "stop".
 */
export const emailDeliverabilityStates = ['ok', 'bounced', 'complained'] as const;
export type EmailDeliverability = (typeof emailDeliverabilityStates)[number];

/** What a feedback report (a bounce or a complaint) can make of an address. */
export type EmailFeedback = Exclude<EmailDeliverability, 'ok'>;

/**
 * The state after a report: a complaint is never undone by a later bounce (the recipient said stop; that is
 * the stronger fact), any report turns `ok` into it.
 */
export function afterFeedback(current: EmailDeliverability, report: EmailFeedback): EmailDeliverability {
  return current === 'complained' ? 'complained' : report;
}

/** Mail may go to an address in this state. */
export const acceptsMail = (state: EmailDeliverability): boolean => state === 'ok';

/** Addresses compare as the store keeps them: trimmed and lower-cased. */
export const normalizeEmailAddress = (address: string): string => address.trim().toLowerCase();
