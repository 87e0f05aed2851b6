import type { EmailDeliverability } from '../../domain/email-deliverability';
import type { UserRecord, UserStatus } from '../../domain/records';
import type { UserRepository } from '../../ports/repositories';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  status: UserStatus;
  created_at: Date | string;
  email_deliverability: EmailDeliverability;
  email_verified_at: Date | string | null;
  pending_email: string | null;
}

const columns =
  'id, email, password_hash, status, created_at, email_deliverability, email_verified_at, pending_email';

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  status: row.status,
  createdAt: isoFromTimestamp(row.created_at),
  ...(row.email_deliverability === 'ok' ? {} : { emailDeliverability: row.email_deliverability }),
  ...(row.email_verified_at === null ? {} : { emailVerifiedAt: isoFromTimestamp(row.email_verified_at) }),
  ...(row.pending_email === null ? {} : { pendingEmail: row.pending_email }),
});

/** SQLSTATE unique_violation (both drivers put it on `code`). */
const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

// Callers pass normalized emails; normalizing again is idempotent and keeps the unique key honest.
const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function createPostgresUsers(sql: SqlClient): UserRepository {
  return {
    async create(user) {
      // The unique constraint settles concurrent registrations; DO NOTHING keeps the loser's
      // transaction usable, unlike catching the 23505 it would otherwise raise.
      const inserted = await sql.query(
        `INSERT INTO users (id, email, password_hash, status, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [user.id, normalizeEmail(user.email), user.passwordHash, user.status, user.createdAt],
      );
      return inserted.rows.length === 1 ? 'created' : 'email_taken';
    },

    async findById(id) {
      const { rows } = await sql.query<UserRow>(`SELECT ${columns} FROM users WHERE id = $1`, [id]);
      return rows[0] ? toUser(rows[0]) : null;
    },

    async findByEmail(email) {
      const { rows } = await sql.query<UserRow>(`SELECT ${columns} FROM users WHERE email = $1`, [
        normalizeEmail(email),
      ]);
      return rows[0] ? toUser(rows[0]) : null;
    },

    async updatePasswordHash(id, passwordHash) {
      await sql.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
    },

    async markEmailVerified(id, email, at) {
      const { rows } = await sql.query(
        `UPDATE users SET email_verified_at = COALESCE(email_verified_at, $3)
          WHERE id = $1 AND email = $2 RETURNING id`,
        [id, normalizeEmail(email), at],
      );
      return rows.length === 1;
    },

    async setPendingEmail(id, pendingEmail) {
      await sql.query('UPDATE users SET pending_email = $2 WHERE id = $1', [
        id,
        pendingEmail === null ? null : normalizeEmail(pendingEmail),
      ]);
    },

    async changeEmail(id, from, to, at) {
      // users_email_key settles two accounts racing for one address: the second UPDATE waits for the first
      // transaction and then fails with unique_violation, which is the answer, not an error.
      try {
        const { rows } = await sql.query(
          `UPDATE users
              SET email = $3, email_verified_at = $4, pending_email = NULL,
                  email_deliverability = 'ok', email_deliverability_at = NULL
            WHERE id = $1 AND email = $2
        RETURNING id`,
          [id, normalizeEmail(from), normalizeEmail(to), at],
        );
        return rows.length === 1 ? 'changed' : 'stale';
      } catch (error) {
        if (isUniqueViolation(error)) return 'email_taken';
        throw error;
      }
    },

    async eraseUser(id, tombstone) {
      // ON DELETE CASCADE from users removes profiles, photos, swipes and blocks (both ways), matches active and
      // ended (and with them both sides' messages and read markers), tickets and connections; what has no
      // foreign key goes by hand. Reports have none on purpose: they stay for moderation with the user's id
      // replaced by the tombstone and the text the user wrote dropped (UserRepository.eraseUser says why).
      await sql.transaction(async (tx) => {
        await tx.query('UPDATE reports SET reporter_id = $2, details = NULL WHERE reporter_id = $1', [
          id,
          tombstone,
        ]);
        await tx.query('UPDATE reports SET reported_user_id = $2 WHERE reported_user_id = $1', [
          id,
          tombstone,
        ]);
        // Tokens go with their family (ON DELETE CASCADE).
        await tx.query('DELETE FROM refresh_token_families WHERE user_id = $1', [id]);
        await tx.query('DELETE FROM audit_events WHERE user_id = $1', [id]);
        await tx.query('DELETE FROM users WHERE id = $1', [id]);
      });
    },
  };
}
