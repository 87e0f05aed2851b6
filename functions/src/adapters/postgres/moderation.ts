import type { ModerationAction } from '../../domain/moderation';
import type { DecisionRecord, ModerationRepository, RetainedPhotoRecord } from '../../ports/moderation';
import { type ReportRow, reportColumns, toReport } from './reports';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

interface DecisionRow {
  id: string;
  subject_id: string;
  moderator_id: string;
  action: ModerationAction;
  note: string;
  photo_id: string | null;
  until: Date | string | null;
  created_at: Date | string;
  acknowledged_at: Date | string | null;
  appeal_text: string | null;
  appeal_created_at: Date | string | null;
  appeal_resolved_at: Date | string | null;
  appeal_outcome: 'upheld' | 'lifted' | null;
}

const isoOrNull = (value: Date | string | null) => (value === null ? null : isoFromTimestamp(value));

const toDecision = (row: DecisionRow): DecisionRecord => ({
  id: row.id,
  subjectId: row.subject_id,
  moderatorId: row.moderator_id,
  action: row.action,
  note: row.note,
  photoId: row.photo_id,
  until: isoOrNull(row.until),
  createdAt: isoFromTimestamp(row.created_at),
  acknowledgedAt: isoOrNull(row.acknowledged_at),
  appeal:
    row.appeal_text === null || row.appeal_created_at === null
      ? null
      : {
          text: row.appeal_text,
          createdAt: isoFromTimestamp(row.appeal_created_at),
          resolvedAt: isoOrNull(row.appeal_resolved_at),
          outcome: row.appeal_outcome,
        },
});

interface RetainedRow {
  user_id: string;
  photo_id: string;
  blob_key: string;
  deleted_at: Date | string;
}

const toRetained = (row: RetainedRow): RetainedPhotoRecord => ({
  userId: row.user_id,
  photoId: row.photo_id,
  blobKey: row.blob_key,
  deletedAt: isoFromTimestamp(row.deleted_at),
});

export function createPostgresModeration(sql: SqlClient): ModerationRepository {
  const getDecision = async (subjectId: string, decisionId: string) => {
    const { rows } = await sql.query<DecisionRow>(
      'SELECT * FROM moderation_decisions WHERE subject_id = $1 AND id = $2',
      [subjectId, decisionId],
    );
    return rows[0] ? toDecision(rows[0]) : null;
  };

  return {
    async setRole(userId, role) {
      const { rows } = await sql.query('UPDATE users SET role = $2 WHERE id = $1 RETURNING id', [
        userId,
        role,
      ]);
      return rows.length === 1;
    },
    async setStatus(userId, status, suspendedUntil) {
      await sql.query('UPDATE users SET status = $2, suspended_until = $3 WHERE id = $1', [
        userId,
        status,
        suspendedUntil,
      ]);
    },
    async setNotice(userId, decisionId) {
      await sql.query('UPDATE users SET notice_decision_id = $2 WHERE id = $1', [userId, decisionId]);
    },
    async setVisibility(userId, visibility) {
      await sql.query('UPDATE profiles SET visibility = $2 WHERE user_id = $1', [userId, visibility]);
    },

    async listOpenReports() {
      const { rows } = await sql.query<ReportRow>(
        `SELECT ${reportColumns} FROM reports WHERE resolved_at IS NULL ORDER BY created_at, id COLLATE "C"`,
      );
      return rows.map(toReport);
    },
    async listOpenReportsAbout(userId) {
      const { rows } = await sql.query<ReportRow>(
        `SELECT ${reportColumns} FROM reports WHERE reported_user_id = $1 AND resolved_at IS NULL
         ORDER BY created_at, id COLLATE "C"`,
        [userId],
      );
      return rows.map(toReport);
    },
    async countReportersSince(userId, since) {
      const { rows } = await sql.query<{ n: string | number }>(
        `SELECT count(DISTINCT reporter_id) AS n FROM reports
         WHERE reported_user_id = $1 AND created_at >= $2`,
        [userId, since],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async resolveReports(reports, decisionId, at) {
      if (reports.length === 0) return;
      await sql.query(
        `UPDATE reports SET decision_id = $2, resolved_at = $3
         WHERE id = ANY($1::text[]) AND resolved_at IS NULL`,
        [reports.map((report) => report.id), decisionId, at],
      );
    },

    async addDecision(decision) {
      await sql.query(
        `INSERT INTO moderation_decisions (id, subject_id, moderator_id, action, note, photo_id, until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          decision.id,
          decision.subjectId,
          decision.moderatorId,
          decision.action,
          decision.note,
          decision.photoId,
          decision.until,
          decision.createdAt,
        ],
      );
    },
    getDecision,
    async listDecisionsAbout(subjectId) {
      const { rows } = await sql.query<DecisionRow>(
        'SELECT * FROM moderation_decisions WHERE subject_id = $1 ORDER BY created_at, id COLLATE "C"',
        [subjectId],
      );
      return rows.map(toDecision);
    },
    async acknowledge(subjectId, decisionId, at) {
      await sql.query(
        `UPDATE moderation_decisions SET acknowledged_at = $3
         WHERE subject_id = $1 AND id = $2 AND acknowledged_at IS NULL`,
        [subjectId, decisionId, at],
      );
    },
    async addAppeal(subjectId, decisionId, appeal) {
      // One statement: of concurrent appeals of one decision, exactly one is stored.
      const { rows } = await sql.query<{ stored: boolean }>(
        `UPDATE moderation_decisions SET appeal_text = $3, appeal_created_at = $4
         WHERE subject_id = $1 AND id = $2 AND appeal_created_at IS NULL RETURNING true AS stored`,
        [subjectId, decisionId, appeal.text, appeal.createdAt],
      );
      if (rows.length === 1) return 'added';
      return (await getDecision(subjectId, decisionId)) ? 'exists' : 'not_found';
    },
    async resolveAppeal(subjectId, decisionId, outcome, at) {
      const { rows } = await sql.query(
        `UPDATE moderation_decisions SET appeal_outcome = $3, appeal_resolved_at = $4
         WHERE subject_id = $1 AND id = $2 AND appeal_created_at IS NOT NULL AND appeal_resolved_at IS NULL
         RETURNING id`,
        [subjectId, decisionId, outcome, at],
      );
      return rows.length === 1;
    },
    async listOpenAppeals() {
      const { rows } = await sql.query<DecisionRow>(
        `SELECT * FROM moderation_decisions
         WHERE appeal_created_at IS NOT NULL AND appeal_resolved_at IS NULL ORDER BY appeal_created_at`,
      );
      return rows.map(toDecision);
    },

    async banEmail(emailHash, at) {
      await sql.query(
        'INSERT INTO banned_emails (email_hash, banned_at) VALUES ($1, $2) ON CONFLICT (email_hash) DO NOTHING',
        [emailHash, at],
      );
    },
    async unbanEmail(emailHash) {
      await sql.query('DELETE FROM banned_emails WHERE email_hash = $1', [emailHash]);
    },
    async isEmailBanned(emailHash) {
      const { rows } = await sql.query('SELECT 1 FROM banned_emails WHERE email_hash = $1', [emailHash]);
      return rows.length > 0;
    },

    async retainPhoto(photo) {
      await sql.query(
        `INSERT INTO moderation_photos (user_id, photo_id, blob_key, deleted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, photo_id) DO NOTHING`,
        [photo.userId, photo.photoId, photo.blobKey, photo.deletedAt],
      );
    },
    async listRetainedPhotos(userId) {
      const { rows } = await sql.query<RetainedRow>(
        'SELECT * FROM moderation_photos WHERE user_id = $1 ORDER BY deleted_at',
        [userId],
      );
      return rows.map(toRetained);
    },
  };
}
