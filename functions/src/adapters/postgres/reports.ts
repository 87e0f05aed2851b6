import type { ReportReason } from '../../contract/matching';
import type { ReportRecord, ReportRepository } from '../../ports/matching';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

interface ReportRow {
  id: string;
  reporter_id: string;
  reported_user_id: string;
  reason: ReportReason;
  details: string | null;
  created_at: Date | string;
}

const toReport = (row: ReportRow): ReportRecord => ({
  id: row.id,
  reporterId: row.reporter_id,
  reportedUserId: row.reported_user_id,
  reason: row.reason,
  details: row.details,
  createdAt: isoFromTimestamp(row.created_at),
});

export function createPostgresReports(sql: SqlClient): ReportRepository {
  return {
    async add(report) {
      await sql.query(
        `INSERT INTO reports (id, reporter_id, reported_user_id, reason, details, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          report.id,
          report.reporterId,
          report.reportedUserId,
          report.reason,
          report.details,
          report.createdAt,
        ],
      );
    },

    async listByReporter(userId) {
      const { rows } = await sql.query<ReportRow>(
        `SELECT id, reporter_id, reported_user_id, reason, details, created_at FROM reports
         WHERE reporter_id = $1 ORDER BY created_at, id COLLATE "C"`,
        [userId],
      );
      return rows.map(toReport);
    },
  };
}
