import type { VerifyEmailResponse } from '../../contract/account-email';
import { AppError } from '../../domain/errors';
import type { UserRecord } from '../../domain/records';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Deps } from '../deps';
import { enforceRateLimit } from '../safety/rate-limiter';
import { mailAccount } from './account-mail';
import { hashAccountToken, issueAccountToken } from './account-tokens';

const invalidToken = () =>
  new AppError('invalid_token', 'This link is invalid, has expired or was already used');

/**
 * With EMAIL_VERIFICATION=required, an account that has not confirmed its address may edit its profile and
 * photos but not reach anyone: discovery, likes and messages answer 403 `email_unverified`.
 */
export function assertMayReachOthers(deps: Deps, account: UserRecord): void {
  if (deps.config.emailVerification !== 'required' || account.emailVerifiedAt !== undefined) return;
  throw new AppError(
    'email_unverified',
    'Please confirm your email address first (see the mail we sent you)',
  );
}

/** `assertMayReachOthers` for callers that hold only the user id (WebSocket frames): one read when required. */
export async function assertUserMayReachOthers(deps: Deps, userId: string): Promise<void> {
  if (deps.config.emailVerification !== 'required') return;
  const account = await deps.store.users.findById(userId);
  if (!account) throw new AppError('unauthorized', 'This account no longer exists');
  assertMayReachOthers(deps, account);
}

/** Mails a fresh verification link for the account's current address (older links stop working). */
export async function sendVerificationMail(deps: Deps, account: UserRecord, actor: Actor): Promise<void> {
  const token = await issueAccountToken(deps, account.id, 'email_verification', account.email);
  await mailAccount(deps, 'email-verification', { userId: account.id, to: account.email }, { token });
  await recordAuditEvent(deps, 'email_verification_sent', account.id, actor);
}

/** `POST /api/me/email-verification`: resend, limited per account; 409 once verified. */
export async function resendVerificationMail(deps: Deps, account: UserRecord, actor: Actor): Promise<void> {
  if (account.emailVerifiedAt !== undefined) {
    throw new AppError('already_verified', 'This address is already confirmed');
  }
  await enforceRateLimit(deps, 'verificationMailsPerUser', account.id);
  await sendVerificationMail(deps, account, actor);
}

/**
 * `POST /api/auth/verify-email`: uses the token up (atomically; a second use is `invalid_token`), then
 * either marks the address verified (a registration's link, while the account still has that address) or
 * applies the email change the link confirms: the new address becomes the account's, verified, with its
 * deliverability back to `ok`. `email_taken` when another account took the new address meanwhile.
 */
export async function verifyEmail(deps: Deps, token: string, actor: Actor): Promise<VerifyEmailResponse> {
  const now = deps.clock.now().toISOString();
  const used = await deps.store.accountTokens.consume(
    hashAccountToken(token),
    ['email_verification', 'email_change'],
    now,
  );
  if (used === null || used.email === null) throw invalidToken();
  const account = await deps.store.users.findById(used.userId);
  if (account?.status !== 'active') throw invalidToken();

  if (used.purpose === 'email_verification') {
    if (!(await deps.store.users.markEmailVerified(account.id, used.email, now))) throw invalidToken();
    await recordAuditEvent(deps, 'email_verified', account.id, actor);
    return { email: used.email, emailVerified: true };
  }

  const outcome = await deps.store.users.changeEmail(account.id, account.email, used.email, now);
  if (outcome === 'stale') throw invalidToken();
  if (outcome === 'email_taken') {
    await deps.store.users.setPendingEmail(account.id, null);
    await recordAuditEvent(deps, 'email_change_failed', account.id, actor, { reason: 'email_taken' });
    throw new AppError('email_taken', 'Another account uses this address now');
  }
  // The store reset it with the address already; the port's own reset keeps that true for any store.
  await deps.store.emailDeliverability.reset(account.id);
  deps.log.info('email changed', { userId: account.id });
  await recordAuditEvent(deps, 'email_changed', account.id, actor);
  return { email: used.email, emailVerified: true };
}
