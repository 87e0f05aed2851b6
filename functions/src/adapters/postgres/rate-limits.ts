import type { RateLimitRepository } from '../../ports/rate-limits';
import type { SqlClient } from './sql-client';

/** Share of hits that also sweep expired counters, so the table stays small without a cron job. */
const SWEEP_PROBABILITY = 0.01;

export function createPostgresRateLimits(sql: SqlClient): RateLimitRepository {
  return {
    async hit(key, windowStart, windowSeconds) {
      const expiresAt = new Date((windowStart + windowSeconds) * 1000).toISOString();
      // One upsert: concurrent hits serialize on the row, so the count is exact across replicas.
      const { rows } = await sql.query<{ count: number }>(
        `INSERT INTO rate_counters (key, window_start, count, expires_at) VALUES ($1, $2, 1, $3)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
         RETURNING count`,
        [key, windowStart, expiresAt],
      );
      if (Math.random() < SWEEP_PROBABILITY) {
        // Never the counter just hit: with a clock behind the database's (or a window already over) it could
        // look expired, and deleting it would restart the count mid-burst.
        await sql.query(
          'DELETE FROM rate_counters WHERE expires_at < now() AND NOT (key = $1 AND window_start = $2)',
          [key, windowStart],
        );
      }
      return Number(rows[0]?.count ?? 1);
    },
    async release(key, windowStart) {
      await sql.query(
        'UPDATE rate_counters SET count = count - 1 WHERE key = $1 AND window_start = $2 AND count > 0',
        [key, windowStart],
      );
    },
  };
}
