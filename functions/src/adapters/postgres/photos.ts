import type { PhotoRecord, PhotoRepository, PhotoStatus } from '../../ports/photos';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

export interface PhotoRow {
  id: string;
  user_id: string;
  status: PhotoStatus;
  content_type: string;
  declared_size: number;
  position: number;
  reject_reason: string | null;
  media_token: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const columns =
  'id, user_id, status, content_type, declared_size, position, reject_reason, media_token, created_at, updated_at';

/** Ready photos by position first, then the others oldest first (the port's order). */
const photoOrder = "(status = 'ready') DESC, CASE WHEN status = 'ready' THEN position END, created_at, id";

export const toPhoto = (row: PhotoRow): PhotoRecord => ({
  id: row.id,
  userId: row.user_id,
  status: row.status,
  contentType: row.content_type,
  declaredSize: row.declared_size,
  position: row.position,
  rejectReason: row.reject_reason,
  mediaToken: row.media_token,
  createdAt: isoFromTimestamp(row.created_at),
  updatedAt: isoFromTimestamp(row.updated_at),
});

/**
 * Every change that depends on the user's other photos (the limit, the next position, the set of ready ids)
 * first locks the owner's `users` row: such changes of one user then run one after another, while READ
 * COMMITTED gives each a fresh snapshot after the lock. NO KEY UPDATE does not block the FK checks
 * (KEY SHARE) of inserts elsewhere. Answers false when the user does not exist.
 */
async function lockOwner(tx: SqlClient, userId: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
  return rows.length === 1;
}

export function createPostgresPhotos(sql: SqlClient): PhotoRepository {
  return {
    async add(photo, limit) {
      return sql.transaction(async (tx) => {
        if (!(await lockOwner(tx, photo.userId))) throw new Error(`add photo: unknown user ${photo.userId}`);
        const inserted = await tx.query(
          `INSERT INTO photos (id, user_id, status, content_type, declared_size, position, reject_reason,
             media_token, created_at, updated_at)
           SELECT $1, $2, 'pending', $3, $4, 0, NULL, $7, $5, $5
           WHERE (SELECT count(*) FROM photos WHERE user_id = $2 AND status <> 'rejected') < $6
           RETURNING id`,
          [
            photo.id,
            photo.userId,
            photo.contentType,
            photo.declaredSize,
            photo.createdAt,
            limit,
            photo.mediaToken,
          ],
        );
        return inserted.rows.length === 1 ? 'added' : 'limit_reached';
      });
    },

    async get(userId, photoId) {
      const { rows } = await sql.query<PhotoRow>(
        `SELECT ${columns} FROM photos WHERE user_id = $1 AND id = $2`,
        [userId, photoId],
      );
      return rows[0] ? toPhoto(rows[0]) : null;
    },

    async listByUser(userId) {
      const { rows } = await sql.query<PhotoRow>(
        `SELECT ${columns} FROM photos WHERE user_id = $1 ORDER BY ${photoOrder}`,
        [userId],
      );
      return rows.map(toPhoto);
    },

    async listReadyByUsers(userIds) {
      const byUser = new Map<string, PhotoRecord[]>();
      if (userIds.length === 0) return byUser;
      const { rows } = await sql.query<PhotoRow>(
        `SELECT ${columns} FROM photos WHERE user_id = ANY($1::text[]) AND status = 'ready'
         ORDER BY user_id, position, created_at, id`,
        [[...new Set(userIds)]],
      );
      for (const row of rows) {
        const photos = byUser.get(row.user_id) ?? [];
        photos.push(toPhoto(row));
        byUser.set(row.user_id, photos);
      }
      return byUser;
    },

    async markProcessed(userId, photoId, outcome, at) {
      return sql.transaction(async (tx) => {
        if (!(await lockOwner(tx, userId))) return false;
        const updated =
          outcome.status === 'ready'
            ? await tx.query(
                `UPDATE photos SET status = 'ready', reject_reason = NULL, updated_at = $3,
                   position = (SELECT coalesce(max(position) + 1, 0) FROM photos
                               WHERE user_id = $1 AND status = 'ready')
                 WHERE user_id = $1 AND id = $2 AND status = 'pending' RETURNING id`,
                [userId, photoId, at],
              )
            : await tx.query(
                `UPDATE photos SET status = 'rejected', reject_reason = $3, updated_at = $4
                 WHERE user_id = $1 AND id = $2 AND status = 'pending' RETURNING id`,
                [userId, photoId, outcome.reason, at],
              );
        return updated.rows.length === 1;
      });
    },

    async reorder(userId, photoIds, at) {
      if (new Set(photoIds).size !== photoIds.length) return false;
      return sql.transaction(async (tx) => {
        if (!(await lockOwner(tx, userId))) return photoIds.length === 0;
        const { rows } = await tx.query<{ id: string }>(
          "SELECT id FROM photos WHERE user_id = $1 AND status = 'ready'",
          [userId],
        );
        const ready = new Set(rows.map((row) => row.id));
        if (ready.size !== photoIds.length || !photoIds.every((id) => ready.has(id))) return false;
        await tx.query(
          `UPDATE photos SET position = array_position($2::text[], id) - 1, updated_at = $3
           WHERE user_id = $1 AND id = ANY($2::text[])`,
          [userId, photoIds, at],
        );
        return true;
      });
    },

    async replaceMediaToken(userId, photoId, expected, next) {
      const { rows } = await sql.query(
        `UPDATE photos SET media_token = $4
         WHERE user_id = $1 AND id = $2 AND status = 'ready' AND media_token IS NOT DISTINCT FROM $3
         RETURNING id`,
        [userId, photoId, expected, next],
      );
      return rows.length === 1;
    },

    async remove(userId, photoId) {
      const { rows } = await sql.query<PhotoRow>(
        `DELETE FROM photos WHERE user_id = $1 AND id = $2 RETURNING ${columns}`,
        [userId, photoId],
      );
      return rows[0] ? toPhoto(rows[0]) : null;
    },
  };
}
