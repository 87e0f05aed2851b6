import { createLoggingNotifier } from '../../adapters/notify/logging-notifier';
import { AppError } from '../../domain/errors';
import { type Role, roles } from '../../domain/moderation';
import { systemClock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Store } from '../../ports/repositories';
import { changeRole } from '../../services/moderation/roles';

export const ADMIN_USAGE = `usage: npm run admin -- grant <email> <moderator|admin>
       npm run admin -- revoke <email>            (back to member)`;

/** The command line did not say what to do; the message is the usage. */
export class AdminUsageError extends Error {
  override name = 'AdminUsageError';
}

export function parseAdminArgs(args: readonly string[]): { email: string; role: Role } {
  const [verb, email, role] = args;
  if (verb === 'grant' && email && role && role !== 'member' && roles.some((known) => known === role)) {
    return { email, role: role as Role };
  }
  if (verb === 'revoke' && email && role === undefined) return { email, role: 'member' };
  throw new AdminUsageError(ADMIN_USAGE);
}

/**
 * `npm run admin -- grant|revoke ...` against the configured store (the app's own environment: DATABASE_URL,
 * the PGlite in DATA_DIR while the app is stopped, or STORE=dynamodb DYNAMODB_TABLE with the operator's AWS
 * credentials). Audited as `role_changed` from `admin-cli`; the user's sessions end, so their next login
 * carries the new role. WebSockets already open stay until they reconnect (this process has no gateway to
 * close them); the moderation routes read the account's role on every request, so a revoked role stops
 * working at once.
 */
export async function runAdminCommand(
  store: Store,
  args: readonly string[],
  log: Logger,
  print: (line: string) => void,
): Promise<void> {
  const { email, role } = parseAdminArgs(args);
  try {
    const { userId, sessionsEnded } = await changeRole(
      { store, clock: systemClock, log, notifier: createLoggingNotifier(log) },
      email,
      role,
      { sourceIp: '127.0.0.1', userAgent: 'admin-cli' },
    );
    print(`${email} (${userId}) is now ${role}; ${sessionsEnded} session(s) ended`);
  } catch (error) {
    if (error instanceof AppError) throw new AdminUsageError(error.message);
    throw error;
  }
}
