import type { AuditEvent, AuditEventType, AuditLogRepository } from '../../ports/audit-log';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

interface AuditRow {
  id: string;
  type: AuditEventType;
  user_id: string | null;
  ip: string;
  user_agent: string;
  at: Date | string;
  details: AuditEvent['details'] | string;
}

const toEvent = (row: AuditRow): AuditEvent => ({
  id: row.id,
  type: row.type,
  userId: row.user_id,
  ip: row.ip,
  userAgent: row.user_agent,
  at: isoFromTimestamp(row.at),
  details: typeof row.details === 'string' ? JSON.parse(row.details) : row.details,
});

export function createPostgresAuditLog(sql: SqlClient): AuditLogRepository {
  return {
    async append(event) {
      await sql.query(
        `INSERT INTO audit_events (id, type, user_id, ip, user_agent, at, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
        [
          event.id,
          event.type,
          event.userId,
          event.ip,
          event.userAgent,
          event.at,
          JSON.stringify(event.details),
        ],
      );
    },
    async listByUser(userId, limit, before) {
      // (user_id, id DESC) index: each page is one index range.
      const { rows } = await sql.query<AuditRow>(
        `SELECT id, type, user_id, ip, user_agent, at, details FROM audit_events
         WHERE user_id = $1 AND ($3::text IS NULL OR id < $3) ORDER BY id DESC LIMIT $2`,
        [userId, limit, before ?? null],
      );
      return rows.map(toEvent);
    },
  };
}
