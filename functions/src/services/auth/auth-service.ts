import { deviceLabel } from '../../domain/device-label';
import { AppError } from '../../domain/errors';
import { newId } from '../../domain/ids';
import type { UserRecord } from '../../domain/records';
import { sendVerificationMail } from '../account/email-verification';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Deps } from '../deps';
import { enforceIpRateLimit, enforceRateLimit, limitFailures } from '../safety/rate-limiter';
import { issueAccessToken } from './access-tokens';
import { issueDeviceToken, readDeviceToken } from './device-cookies';
import { checkAccountPassword, hashNewPassword, passwordMatches } from './password-checks';
import { assertStrongPassword } from './password-policy-check';
import { hashRefreshToken, newRefreshToken } from './refresh-tokens';

export interface Session {
  user: { id: string; email: string };
  accessToken: string;
  refreshToken: string;
  /** For the device cookie: this browser has now logged into this account (device-cookies.ts). */
  deviceToken: string;
}

const invalidCredentials = () => new AppError('invalid_credentials', 'Email or password is incorrect');
const sessionGone = () => new AppError('unauthorized', 'Session expired; please log in again');

async function startSession(deps: Deps, user: UserRecord, actor: Actor): Promise<Session> {
  const now = deps.clock.now();
  const { auth } = deps.config;
  const familyId = newId(now);
  const refreshToken = newRefreshToken();
  const expiresAt = new Date(now.getTime() + auth.refreshTokenTtlSeconds * 1000).toISOString();
  await deps.store.refreshTokens.createFamily(
    {
      familyId,
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt,
      device: deviceLabel(actor.userAgent),
    },
    {
      tokenHash: hashRefreshToken(refreshToken),
      familyId,
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt,
      usedAt: null,
    },
  );
  const accessToken = await issueAccessToken(auth, { userId: user.id, sessionId: familyId }, now);
  const deviceToken = await issueDeviceToken(auth, user.id, now);
  return { user: { id: user.id, email: user.email }, accessToken, refreshToken, deviceToken };
}

export async function register(
  deps: Deps,
  input: { email: string; password: string },
  actor: Actor,
): Promise<Session> {
  await enforceIpRateLimit(deps, 'registerPerIp', actor.sourceIp);
  assertStrongPassword(input.password, input.email, 'password');
  const now = deps.clock.now();
  const user: UserRecord = {
    id: newId(now),
    email: input.email,
    passwordHash: await hashNewPassword(deps, input.password),
    status: 'active',
    createdAt: now.toISOString(),
  };
  if ((await deps.store.users.create(user)) === 'email_taken') {
    throw new AppError('email_taken', 'An account with this email already exists');
  }
  deps.log.info('user registered', { userId: user.id });
  await recordAuditEvent(deps, 'register', user.id, actor);
  // Queued, never awaited on a transport: a mail outage does not fail the registration.
  await sendVerificationMail(deps, user, actor);
  return startSession(deps, user, actor);
}

/**
 * Unknown email and wrong password take the same scrypt work and give the same answer. Attempts are limited per
 * IP (`loginPerIp`, every attempt counts), and FAILURES per account before any password is checked, so
 * rotating IPs cannot brute-force one account while correct logins never lock anyone out. A browser holding a
 * valid device cookie for the account (`deviceToken`, device-cookies.ts) is exempt from the per-account lockout
 * (`loginPerEmail`) that stops everyone else: its failures count against its own cookie (`loginPerDevice`).
 * Both are short windows (5 failures per 15 min, domain/rate-limit-rules.ts): a back-off, not a permanent lockout.
 */
export async function login(
  deps: Deps,
  input: { email: string; password: string },
  actor: Actor,
  deviceToken?: string,
): Promise<Session> {
  await enforceIpRateLimit(deps, 'loginPerIp', actor.sourceIp);
  const user = await deps.store.users.findByEmail(input.email);
  const device = user ? await readDeviceToken(deps.config.auth, deviceToken, deps.clock.now()) : null;
  const knownDevice = device !== null && device.userId === user?.id;
  const matches = await limitFailures(
    deps,
    knownDevice ? 'loginPerDevice' : 'loginPerEmail',
    knownDevice ? device.nonce : input.email,
    () => passwordMatches(deps, input.password, user?.passwordHash ?? null),
  );
  if (!user || !matches) {
    deps.log.info('login failed', { userId: user?.id, knownDevice });
    await recordAuditEvent(deps, 'login_failed', user?.id ?? null, actor, knownDevice ? { knownDevice } : {});
    throw invalidCredentials();
  }
  if (user.status !== 'active') throw new AppError('forbidden', 'This account is suspended');
  await recordAuditEvent(deps, 'login_succeeded', user.id, actor);
  // Signing in is activity: discovery ranks recently active people higher.
  await deps.store.discovery.recordActivity(user.id, deps.clock.now().toISOString());
  return startSession(deps, user, actor);
}

/**
 * Rotates the refresh token. Presenting a token that was already rotated means it was copied: the whole
 * family (that login's every descendant) is revoked, so the thief and the victim both have to log in again.
 */
export async function refresh(
  deps: Deps,
  presented: string | undefined,
  actor: Actor,
): Promise<{ accessToken: string; refreshToken: string }> {
  if (!presented) throw new AppError('unauthorized', 'No refresh token');
  const now = deps.clock.now();
  const stored = await deps.store.refreshTokens.find(hashRefreshToken(presented));
  if (!stored || stored.familyRevoked) throw sessionGone();
  const { token } = stored;
  await enforceRateLimit(deps, 'refreshPerFamily', token.familyId);
  const revokeForReuse = async () => {
    await deps.store.refreshTokens.revokeFamily(token.userId, token.familyId, now.toISOString());
    deps.log.warn('refresh token reuse: family revoked', { userId: token.userId, familyId: token.familyId });
    await recordAuditEvent(deps, 'refresh_token_reused', token.userId, actor, { familyId: token.familyId });
    return new AppError('unauthorized', 'Refresh token was already used; all sessions of this login ended');
  };
  if (token.usedAt) throw await revokeForReuse();
  if (new Date(token.expiresAt).getTime() <= now.getTime()) throw sessionGone();

  const user = await deps.store.users.findById(token.userId);
  if (user?.status !== 'active') throw sessionGone();

  const refreshToken = newRefreshToken();
  const expiresAt = new Date(now.getTime() + deps.config.auth.refreshTokenTtlSeconds * 1000).toISOString();
  const rotated = await deps.store.refreshTokens.rotate(
    token.tokenHash,
    {
      tokenHash: hashRefreshToken(refreshToken),
      familyId: token.familyId,
      userId: token.userId,
      createdAt: now.toISOString(),
      expiresAt,
      usedAt: null,
    },
    now.toISOString(),
  );
  if (!rotated) throw await revokeForReuse();
  // The SPA refreshes every 15 minutes while open: the activity discovery ranks by.
  await deps.store.discovery.recordActivity(token.userId, now.toISOString());
  const accessToken = await issueAccessToken(
    deps.config.auth,
    { userId: token.userId, sessionId: token.familyId },
    now,
  );
  return { accessToken, refreshToken };
}

/** Ends the session of the presented refresh token; silent when there is none (logout is idempotent). */
export async function logout(deps: Deps, presented: string | undefined, actor: Actor): Promise<void> {
  if (!presented) return;
  const stored = await deps.store.refreshTokens.find(hashRefreshToken(presented));
  if (!stored || stored.familyRevoked) return;
  await deps.store.refreshTokens.revokeFamily(
    stored.token.userId,
    stored.token.familyId,
    deps.clock.now().toISOString(),
  );
  await recordAuditEvent(deps, 'logout', stored.token.userId, actor);
}

export async function changePassword(
  deps: Deps,
  caller: { userId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
  actor: Actor,
): Promise<void> {
  const user = await deps.store.users.findById(caller.userId);
  if (!user) throw new AppError('unauthorized', 'Account no longer exists');
  await checkAccountPassword(
    deps,
    user,
    input.currentPassword,
    actor,
    'change_password',
    'Current password is incorrect',
  );
  assertStrongPassword(input.newPassword, user.email, 'newPassword');
  const hash = await hashNewPassword(deps, input.newPassword);
  await deps.store.users.updatePasswordHash(user.id, hash);
  await deps.store.refreshTokens.revokeAllForUser(user.id, deps.clock.now().toISOString(), caller.sessionId);
  deps.log.info('password changed; other sessions revoked', { userId: user.id });
  await recordAuditEvent(deps, 'password_changed', user.id, actor);
}
