import { AppError } from '../../domain/errors';
import type { UserRecord } from '../../domain/records';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Deps } from '../deps';
import { limitFailures } from '../safety/rate-limiter';
import { dummyHash, hashPassword, verifyPassword } from './password-hashing';

/** scrypt work goes through the server's bounded queue when it has one (the lab); Lambda runs it directly. */
const bounded = <T>(deps: Deps, task: () => Promise<T>): Promise<T> =>
  deps.passwordWork ? deps.passwordWork.run(task) : task();

export const hashNewPassword = (deps: Deps, password: string): Promise<string> =>
  bounded(deps, () => hashPassword(password, deps.config.auth.passwordHashCost));

/**
 * Whether `password` matches `stored`; with no stored hash (an unknown email) it is checked against a dummy
 * hash, so both cost the same scrypt work and answer false alike.
 */
export const passwordMatches = (deps: Deps, password: string, stored: string | null): Promise<boolean> =>
  bounded(deps, async () => {
    const matches = await verifyPassword(
      password,
      stored ?? (await dummyHash(deps.config.auth.passwordHashCost)),
    );
    return stored !== null && matches;
  });

/** The password checks other than login: each re-authenticates a caller who already holds an access token. */
export type PasswordCheck = 'change_password' | 'change_email' | 'delete_account';

/**
 * Re-authentication of a signed-in caller by password. Wrong passwords are limited per account
 * (`passwordChecksPerUser`, counted before scrypt runs: past the limit the answer is 429 without any
 * hashing), so a stolen access token cannot be used to guess the password; each one is audited as
 * `password_check_failed`. Throws `invalid_credentials` with `message` on a wrong password.
 */
export async function checkAccountPassword(
  deps: Deps,
  user: UserRecord,
  password: string,
  actor: Actor,
  check: PasswordCheck,
  message: string,
): Promise<void> {
  const matches = await limitFailures(deps, 'passwordChecksPerUser', user.id, () =>
    passwordMatches(deps, password, user.passwordHash),
  );
  if (matches) return;
  deps.log.info('password check failed', { userId: user.id, check });
  await recordAuditEvent(deps, 'password_check_failed', user.id, actor, { check });
  throw new AppError('invalid_credentials', message);
}
