import type { ReportReason } from '../../contract/matching';
import type { ReportedMessage, ReportRecord, ReportRepository } from '../../ports/matching';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

export interface ReportRow {
  id: string;
  reporter_id: string;
  reported_user_id: string;
  reason: ReportReason;
  details: string | null;
  created_at: Date | string;
  messages: ReportedMessage[];
  decision_id: string | null;
  resolved_at: Date | string | null;
}

export const reportColumns =
  'id, reporter_id, reported_user_id, reason, details, created_at, messages, decision_id, resolved_at';

export const toReport = (row: ReportRow): ReportRecord => ({
  id: row.id,
  reporterId: row.reporter_id,
  reportedUserId: row.reported_user_id,
  reason: row.reason,
  details: row.details,
  createdAt: isoFromTimestamp(row.created_at),
  ...(row.messages.length === 0
    ? {}
    : { messages: row.messages.map(({ from, text, sentAt }) => ({ from, text, sentAt })) }),
  ...(row.decision_id === null || row.resolved_at === null
    ? {}
    : { resolution: { decisionId: row.decision_id, at: isoFromTimestamp(row.resolved_at) } }),
});

export function createPostgresReports(sql: SqlClient): ReportRepository {
  return {
    async add(report) {
      await sql.query(
        `INSERT INTO reports (id, reporter_id, reported_user_id, reason, details, created_at, messages)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
        [
          report.id,
          report.reporterId,
          report.reportedUserId,
          report.reason,
          report.details,
          report.createdAt,
          JSON.stringify(report.messages ?? []),
        ],
      );
    },

    async listByReporter(userId) {
      const { rows } = await sql.query<ReportRow>(
        `SELECT ${reportColumns} FROM reports
         WHERE reporter_id = $1 ORDER BY created_at, id COLLATE "C"`,
        [userId],
      );
      return rows.map(toReport);
    },
  };
}
