import type { AccountTokenPurpose, AccountTokenRecord } from '../../domain/account-tokens';
import type { AccountTokenRepository } from '../../ports/account-tokens';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

interface AccountTokenRow {
  token_hash: string;
  user_id: string;
  purpose: AccountTokenPurpose;
  email: string | null;
  created_at: Date | string;
  expires_at: Date | string;
}

const columns = 'token_hash, user_id, purpose, email, created_at, expires_at';

const toToken = (row: AccountTokenRow): AccountTokenRecord => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  purpose: row.purpose,
  email: row.email,
  createdAt: isoFromTimestamp(row.created_at),
  expiresAt: isoFromTimestamp(row.expires_at),
});

/** The `account_tokens` table (migration 0011). */
export function createPostgresAccountTokens(sql: SqlClient): AccountTokenRepository {
  return {
    async create(token) {
      await sql.transaction(async (tx) => {
        // Expired tokens of the user go as new ones arrive (there is no other sweep; erasure takes the rest).
        await tx.query('DELETE FROM account_tokens WHERE user_id = $1 AND expires_at <= $2', [
          token.userId,
          token.createdAt,
        ]);
        await tx.query(`INSERT INTO account_tokens (${columns}) VALUES ($1, $2, $3, $4, $5, $6)`, [
          token.tokenHash,
          token.userId,
          token.purpose,
          token.email,
          token.createdAt,
          token.expiresAt,
        ]);
      });
    },

    async find(tokenHash, purposes, at) {
      const { rows } = await sql.query<AccountTokenRow>(
        `SELECT ${columns} FROM account_tokens
          WHERE token_hash = $1 AND purpose = ANY($2::text[]) AND expires_at > $3`,
        [tokenHash, [...purposes], at],
      );
      return rows[0] ? toToken(rows[0]) : null;
    },

    async consume(tokenHash, purposes, at) {
      // One statement: of two concurrent DELETEs of the row, the second finds nothing to delete.
      const { rows } = await sql.query<AccountTokenRow>(
        `DELETE FROM account_tokens
          WHERE token_hash = $1 AND purpose = ANY($2::text[]) AND expires_at > $3
        RETURNING ${columns}`,
        [tokenHash, [...purposes], at],
      );
      return rows[0] ? toToken(rows[0]) : null;
    },

    async listPending(userId, at) {
      const { rows } = await sql.query<AccountTokenRow>(
        `SELECT ${columns} FROM account_tokens WHERE user_id = $1 AND expires_at > $2
          ORDER BY created_at, token_hash`,
        [userId, at],
      );
      return rows.map(toToken);
    },

    async deleteForUser(userId, purpose) {
      await sql.query('DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2', [userId, purpose]);
    },
  };
}
