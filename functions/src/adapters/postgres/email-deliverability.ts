import { normalizeEmailAddress } from '../../domain/email-deliverability';
import type { EmailDeliverabilityRepository } from '../../ports/email-deliverability';
import type { SqlClient } from './sql-client';

/** The `email_deliverability` column of `users` (migration 0008). */
export function createPostgresEmailDeliverability(sql: SqlClient): EmailDeliverabilityRepository {
  return {
    async markByEmail(email, feedback, at) {
      // One statement: a complaint is never turned back into a bounce (domain/email-deliverability.ts).
      const { rows } = await sql.query<{ id: string }>(
        `UPDATE users
            SET email_deliverability = CASE WHEN email_deliverability = 'complained' THEN 'complained' ELSE $2 END,
                email_deliverability_at = $3
          WHERE email = $1
        RETURNING id`,
        [normalizeEmailAddress(email), feedback, at],
      );
      return rows[0]?.id ?? null;
    },

    async reset(userId) {
      await sql.query(
        `UPDATE users SET email_deliverability = 'ok', email_deliverability_at = NULL WHERE id = $1`,
        [userId],
      );
    },
  };
}
