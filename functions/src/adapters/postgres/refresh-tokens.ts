import type { RefreshTokenRecord } from '../../domain/records';
import type { RefreshTokenRepository } from '../../ports/repositories';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp, isoOrNull } from './sql-values';

interface TokenRow {
  token_hash: string;
  family_id: string;
  user_id: string;
  created_at: Date | string;
  expires_at: Date | string;
  used_at: Date | string | null;
  family_revoked: boolean;
}

interface FamilyRow {
  family_id: string;
  user_id: string;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  device: string | null;
  last_used_at: Date | string;
}

const toToken = (row: TokenRow): RefreshTokenRecord => ({
  tokenHash: row.token_hash,
  familyId: row.family_id,
  userId: row.user_id,
  createdAt: isoFromTimestamp(row.created_at),
  expiresAt: isoFromTimestamp(row.expires_at),
  usedAt: isoOrNull(row.used_at),
});

const insertToken = (tx: SqlClient, token: RefreshTokenRecord) =>
  tx.query(
    `INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at, used_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [token.tokenHash, token.familyId, token.userId, token.createdAt, token.expiresAt, token.usedAt],
  );

/** Signals a lost race inside `rotate`'s transaction so that it rolls back. */
class RotationRefused extends Error {}

export function createPostgresRefreshTokens(sql: SqlClient): RefreshTokenRepository {
  return {
    async createFamily(family, first) {
      await sql.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO refresh_token_families (family_id, user_id, created_at, expires_at, device)
           VALUES ($1, $2, $3, $4, $5)`,
          [family.familyId, family.userId, family.createdAt, family.expiresAt, family.device ?? null],
        );
        await insertToken(tx, first);
      });
    },

    async find(tokenHash) {
      const { rows } = await sql.query<TokenRow>(
        `SELECT t.token_hash, t.family_id, t.user_id, t.created_at, t.expires_at, t.used_at,
                f.revoked_at IS NOT NULL AS family_revoked
         FROM refresh_tokens t JOIN refresh_token_families f ON f.family_id = t.family_id
         WHERE t.token_hash = $1`,
        [tokenHash],
      );
      const row = rows[0];
      return row ? { token: toToken(row), familyRevoked: row.family_revoked } : null;
    },

    async rotate(oldHash, next, usedAt) {
      try {
        return await sql.transaction(async (tx) => {
          // The row lock makes a concurrent rotation wait, then re-check `used_at IS NULL` and lose.
          const marked = await tx.query<{ family_id: string }>(
            `UPDATE refresh_tokens SET used_at = $2
             WHERE token_hash = $1 AND used_at IS NULL
               AND family_id IN (SELECT family_id FROM refresh_token_families WHERE revoked_at IS NULL)
             RETURNING family_id`,
            [oldHash, usedAt],
          );
          const familyId = marked.rows[0]?.family_id;
          if (familyId === undefined) return false;
          if (familyId !== next.familyId) {
            throw new Error(`rotate: next token belongs to family ${next.familyId}, not ${familyId}`);
          }
          // Re-checked under the family's row lock: a revocation that committed meanwhile wins.
          const extended = await tx.query(
            `UPDATE refresh_token_families SET expires_at = GREATEST(expires_at, $2::timestamptz),
               last_used_at = GREATEST(last_used_at, $3::timestamptz)
             WHERE family_id = $1 AND revoked_at IS NULL RETURNING family_id`,
            [familyId, next.expiresAt, usedAt],
          );
          if (extended.rows.length === 0) throw new RotationRefused();
          await insertToken(tx, next);
          return true;
        });
      } catch (error) {
        if (error instanceof RotationRefused) return false;
        throw error;
      }
    },

    async revokeFamily(userId, familyId, at) {
      await sql.query(
        `UPDATE refresh_token_families SET revoked_at = $3
         WHERE family_id = $2 AND user_id = $1 AND revoked_at IS NULL`,
        [userId, familyId, at],
      );
    },

    async revokeAllForUser(userId, at, exceptFamilyId) {
      await sql.query(
        `UPDATE refresh_token_families SET revoked_at = $2
         WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $3::text`,
        [userId, at, exceptFamilyId ?? null],
      );
    },

    async listSessions(userId) {
      const { rows } = await sql.query<FamilyRow>(
        `SELECT family_id, user_id, created_at, expires_at, revoked_at, device,
                COALESCE(last_used_at, created_at) AS last_used_at
         FROM refresh_token_families
         WHERE user_id = $1 ORDER BY created_at, family_id COLLATE "C"`,
        [userId],
      );
      return rows.map((row) => ({
        familyId: row.family_id,
        userId: row.user_id,
        createdAt: isoFromTimestamp(row.created_at),
        expiresAt: isoFromTimestamp(row.expires_at),
        revokedAt: isoOrNull(row.revoked_at),
        lastUsedAt: isoFromTimestamp(row.last_used_at),
        ...(row.device === null ? {} : { device: row.device }),
      }));
    },
  };
}
