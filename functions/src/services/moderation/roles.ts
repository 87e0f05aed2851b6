import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/moderation';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Caller } from '../auth/authenticate-caller';
import type { Deps } from '../deps';
import { endAllSessions } from './account-restrictions';

/**
 * The moderation routes' guard: the access token must carry a staff role AND the account must still hold one
 * (authentication read it this request), so a revoked moderator is refused at once, whatever token they hold.
 * Members get 403 `forbidden`, not 404: the routes exist, they are just not theirs.
 */
export function requireModerator(caller: Caller): void {
  const tokenRole = caller.role;
  const accountRole = caller.account.role;
  if (tokenRole === undefined || accountRole === undefined) {
    throw new AppError('forbidden', 'Only moderators may do this');
  }
}

/**
 * `npm run admin -- grant|revoke <email> <role>`: sets the role, audits it in the user's log, and ends the
 * user's sessions so their next token carries the new role. Answers the number of sessions ended.
 */
export async function changeRole(
  deps: Pick<Deps, 'store' | 'clock' | 'notifier' | 'log'>,
  email: string,
  role: Role,
  actor: Actor,
): Promise<{ userId: string; sessionsEnded: number }> {
  const user = await deps.store.users.findByEmail(email.trim().toLowerCase());
  if (!user) throw new AppError('not_found', `No account with the address ${email}`);
  await deps.store.moderation.setRole(user.id, role);
  await recordAuditEvent(deps, 'role_changed', user.id, actor, { role, previous: user.role ?? 'member' });
  const sessionsEnded = await endAllSessions(deps, user.id);
  return { userId: user.id, sessionsEnded };
}
