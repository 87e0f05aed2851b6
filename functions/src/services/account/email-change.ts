import type { EmailChangeResponse } from '../../contract/account-email';
import { AppError } from '../../domain/errors';
import type { UserRecord } from '../../domain/records';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import { checkAccountPassword } from '../auth/password-checks';
import type { Deps } from '../deps';
import { enforceRateLimit } from '../safety/rate-limiter';
import { mailAccount } from './account-mail';
import { issueAccountToken } from './account-tokens';

/**
 * `PUT /api/me/email`: re-authenticates by password (limited and audited like a password change:
 * `checkAccountPassword`), then mails a confirmation link to the new address and a notice to the current one.
 * Nothing changes until the link is followed (`verifyEmail`), which applies the address under the store's
 * uniqueness. When the new address already belongs to an account the answer is the same (202 and the pending
 * address: no enumeration), and that account gets a notice instead of a link.
 */
export async function requestEmailChange(
  deps: Deps,
  account: UserRecord,
  input: { newEmail: string; password: string },
  actor: Actor,
): Promise<EmailChangeResponse> {
  await checkAccountPassword(
    deps,
    account,
    input.password,
    actor,
    'change_email',
    'Current password is incorrect',
  );
  if (input.newEmail === account.email) {
    throw new AppError('validation_failed', 'This is already your address', {
      fields: { newEmail: ['is already the account’s address'] },
    });
  }
  await enforceRateLimit(deps, 'emailChangesPerUser', account.id);
  const holder = await deps.store.users.findByEmail(input.newEmail);
  if (holder === null) {
    const token = await issueAccountToken(deps, account.id, 'email_change', input.newEmail);
    await mailAccount(deps, 'email-change', { userId: account.id, to: input.newEmail }, { token });
  } else {
    // Older links of this account stop working all the same, as if a new one had been sent.
    await deps.store.accountTokens.deleteForUser(account.id, 'email_change');
    await mailAccount(deps, 'email-in-use', { userId: holder.id, to: holder.email });
  }
  await mailAccount(
    deps,
    'email-change-notice',
    { userId: account.id, to: account.email },
    { newAddress: input.newEmail },
  );
  await deps.store.users.setPendingEmail(account.id, input.newEmail);
  // Nothing about whether the new address had an account: the audit log is part of the caller's export.
  await recordAuditEvent(deps, 'email_change_requested', account.id, actor);
  return { pendingEmail: input.newEmail };
}
