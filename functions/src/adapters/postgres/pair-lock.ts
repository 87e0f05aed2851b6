import { orderPair } from '../../domain/pairs';
import type { SqlClient } from './sql-client';

/**
 * Serializes every change to one pair of users (a swipe of either side, a block, an unblock) until the
 * caller's transaction ends. Under READ COMMITTED each statement sees what committed before it started, so
 * the second of two crossing likes, waiting here, then sees the first one: neither like can be missed.
 * Different pairs whose hashes collide only wait for each other; nothing else uses these keys.
 */
export async function lockPair(tx: SqlClient, userA: string, userB: string): Promise<void> {
  const { low, high } = orderPair(userA, userB);
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`pair:${low}#${high}`]);
}
