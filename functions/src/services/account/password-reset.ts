import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../domain/errors';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import { hashNewPassword } from '../auth/password-checks';
import { assertStrongPassword } from '../auth/password-policy-check';
import type { Deps } from '../deps';
import { enforceIpRateLimit, enforceRateLimit } from '../safety/rate-limiter';
import { mailAccount } from './account-mail';
import { hashAccountToken, issueAccountToken } from './account-tokens';

/**
 * Every `POST /api/auth/password-reset` answers no sooner than this after it began, whether or not an account
 * has the address: the work of a known address (a token written, mail queued) then cannot be told apart
 * from an unknown one by timing. Well above that work (a few store round trips).
 */
export const PASSWORD_RESET_ANSWER_MS = 250;

const invalidToken = () =>
  new AppError('invalid_token', 'This link is invalid, has expired or was already used');

/**
 * `POST /api/auth/password-reset`: the same answer (202, no body) in the same time for any address. Limited per
 * IP and per address (counted for unknown addresses too, so the limit says nothing either). A known active
 * account gets a reset link (valid 30 minutes, single use; older links stop working).
 */
export async function requestPasswordReset(deps: Deps, email: string, actor: Actor): Promise<void> {
  const started = performance.now();
  await enforceIpRateLimit(deps, 'passwordResetsPerIp', actor.sourceIp);
  await enforceRateLimit(deps, 'passwordResetsPerEmail', email);
  try {
    const account = await deps.store.users.findByEmail(email);
    if (account?.status === 'active') {
      const token = await issueAccountToken(deps, account.id, 'password_reset', null);
      await mailAccount(deps, 'password-reset', { userId: account.id, to: account.email }, { token });
    }
    await recordAuditEvent(
      deps,
      'password_reset_requested',
      account?.status === 'active' ? account.id : null,
      actor,
    );
  } finally {
    const left = PASSWORD_RESET_ANSWER_MS - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}

/**
 * `POST /api/auth/password-reset/confirm`: checks the new password against the policy (400, the token stays
 * usable), uses the token up (a second or concurrent use: `invalid_token`), sets the password the way a
 * password change does, revokes every session and closes their WebSocket connections, and mails a notice.
 */
export async function confirmPasswordReset(
  deps: Deps,
  input: { token: string; newPassword: string },
  actor: Actor,
): Promise<void> {
  const tokenHash = hashAccountToken(input.token);
  const now = deps.clock.now().toISOString();
  const pending = await deps.store.accountTokens.find(tokenHash, ['password_reset'], now);
  if (pending === null) throw invalidToken();
  const account = await deps.store.users.findById(pending.userId);
  if (account?.status !== 'active') throw invalidToken();
  assertStrongPassword(input.newPassword, account.email, 'newPassword');
  const hash = await hashNewPassword(deps, input.newPassword);
  const used = await deps.store.accountTokens.consume(
    tokenHash,
    ['password_reset'],
    deps.clock.now().toISOString(),
  );
  if (used === null || used.userId !== account.id) throw invalidToken();

  await deps.store.users.updatePasswordHash(account.id, hash);
  const at = deps.clock.now().toISOString();
  const sessions = await deps.store.refreshTokens.listSessions(account.id);
  await deps.store.refreshTokens.revokeAllForUser(account.id, at);
  await deps.notifier.disconnectSessions(
    account.id,
    sessions.filter((session) => session.revokedAt === null).map((session) => session.familyId),
  );
  deps.log.info('password reset; every session revoked', { userId: account.id });
  await recordAuditEvent(deps, 'password_reset', account.id, actor);
  await mailAccount(deps, 'password-changed', { userId: account.id, to: account.email });
}
