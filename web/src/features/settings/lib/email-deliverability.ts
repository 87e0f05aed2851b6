import type { Me } from '@dating/functions/contract';

/** What settings says when mail no longer reaches the account's address; null while it does. */
export function deliverabilityNotice(
  state: Me['emailDeliverability'],
  email: string,
): { title: string; text: string } | null {
  if (state === 'bounced') {
    return {
      title: 'We cannot reach your email address',
      text: `Mail to ${email} bounced: the receiving server says the mailbox does not exist, so we stopped sending to it. Password reset mails cannot reach you until the address changes.`,
    };
  }
  if (state === 'complained') {
    return {
      title: 'We no longer send you email',
      text: `Mail to ${email} was marked as spam, so we stopped sending to it. Password reset mails cannot reach you until the address changes.`,
    };
  }
  return null;
}
