import { orderPair } from '../../domain/pairs';
import type { BlockRecord, BlockRepository } from '../../ports/matching';
import { type MatchRow, matchColumns, toMatch } from './matches';
import { lockPair } from './pair-lock';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';
import { blockedEitherWaySql } from './swipes';

interface BlockRow {
  blocker_id: string;
  blocked_id: string;
  created_at: Date | string;
  display_name: string | null;
}

const toBlock = (row: BlockRow): BlockRecord => ({
  blockerId: row.blocker_id,
  blockedId: row.blocked_id,
  createdAt: isoFromTimestamp(row.created_at),
});

export function createPostgresBlocks(sql: SqlClient): BlockRepository {
  return {
    /** Under the pair's lock, like swipes: a like cannot create a match beside a block, nor miss it. */
    async block(block) {
      return sql.transaction(async (tx) => {
        await lockPair(tx, block.blockerId, block.blockedId);
        await tx.query(
          `INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3)
           ON CONFLICT (blocker_id, blocked_id) DO NOTHING`,
          [block.blockerId, block.blockedId, block.createdAt],
        );
        const pair = orderPair(block.blockerId, block.blockedId);
        const ended = await tx.query<MatchRow>(
          `UPDATE matches SET ended_at = $3 WHERE user_low = $1 AND user_high = $2 AND ended_at IS NULL
           RETURNING ${matchColumns('matches')}`,
          [pair.low, pair.high, block.createdAt],
        );
        return { endedMatch: ended.rows[0] ? toMatch(ended.rows[0]) : null };
      });
    },

    async unblock(blockerId, blockedId) {
      await sql.query('DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2', [blockerId, blockedId]);
    },

    async isBlockedEitherWay(userA, userB) {
      const { rows } = await sql.query(blockedEitherWaySql, [userA, userB]);
      return rows.length > 0;
    },

    async list(blockerId, { limit, after }) {
      const { rows } = await sql.query<BlockRow>(
        `SELECT b.blocker_id, b.blocked_id, b.created_at, p.display_name
         FROM blocks b LEFT JOIN profiles p ON p.user_id = b.blocked_id
         WHERE b.blocker_id = $1
           AND ($2::timestamptz IS NULL OR (b.created_at, b.blocked_id COLLATE "C") < ($2::timestamptz, $3::text))
         ORDER BY b.created_at DESC, b.blocked_id COLLATE "C" DESC
         LIMIT $4`,
        [blockerId, after?.createdAt ?? null, after?.userId ?? null, limit],
      );
      return rows.map((row) => ({ block: toBlock(row), displayName: row.display_name }));
    },
  };
}
