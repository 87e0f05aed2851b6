import { newId } from '../../domain/ids';
import type { AuditEvent, AuditEventType } from '../../ports/audit-log';
import type { Actor } from '../actor';
import type { Deps } from '../deps';

/** Appends one security event to the audit log (register, logins, token reuse, ...). */
export async function recordAuditEvent(
  deps: Pick<Deps, 'store' | 'clock'>,
  type: AuditEventType,
  userId: string | null,
  actor: Actor,
  details: AuditEvent['details'] = {},
): Promise<void> {
  const now = deps.clock.now();
  await deps.store.audit.append({
    id: newId(now),
    type,
    userId,
    ip: actor.sourceIp,
    userAgent: actor.userAgent.slice(0, 512),
    at: now.toISOString(),
    details,
  });
}
