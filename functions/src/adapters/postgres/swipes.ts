import type { SwipeDecision } from '../../contract/matching';
import { orderPair } from '../../domain/pairs';
import type { SwipeRecord, SwipeRepository } from '../../ports/matching';
import { type MatchRow, matchColumns, toMatch } from './matches';
import { lockPair } from './pair-lock';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

interface SwipeRow {
  swiper_id: string;
  target_id: string;
  decision: SwipeDecision;
  created_at: Date | string;
}

const toSwipe = (row: SwipeRow): SwipeRecord => ({
  swiperId: row.swiper_id,
  targetId: row.target_id,
  decision: row.decision,
  createdAt: isoFromTimestamp(row.created_at),
});

export const blockedEitherWaySql = `SELECT 1 FROM blocks
  WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1) LIMIT 1`;

export function createPostgresSwipes(sql: SqlClient): SwipeRepository {
  return {
    /**
     * One transaction holding the pair's advisory lock: both sides' swipes (and blocks) of one pair run one
     * after the other, each seeing what the previous committed. The match is inserted by the swipe that
     * finds both likes; UNIQUE (user_low, user_high) would refuse a second one even without the lock.
     */
    async record(swipe, newMatchId) {
      const pair = orderPair(swipe.swiperId, swipe.targetId);
      return sql.transaction(async (tx) => {
        await lockPair(tx, swipe.swiperId, swipe.targetId);
        const blocked = await tx.query(blockedEitherWaySql, [swipe.swiperId, swipe.targetId]);
        if (blocked.rows.length > 0) return { status: 'blocked' as const };
        await tx.query(
          `INSERT INTO swipes (swiper_id, target_id, decision, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (swiper_id, target_id) DO NOTHING`,
          [swipe.swiperId, swipe.targetId, swipe.decision, swipe.createdAt],
        );
        const { rows } = await tx.query<SwipeRow>(
          `SELECT swiper_id, target_id, decision, created_at FROM swipes
           WHERE (swiper_id = $1 AND target_id = $2) OR (swiper_id = $2 AND target_id = $1)`,
          [swipe.swiperId, swipe.targetId],
        );
        const mine = rows.find((row) => row.swiper_id === swipe.swiperId)?.decision ?? swipe.decision;
        const theirs = rows.find((row) => row.swiper_id === swipe.targetId)?.decision;
        const existing = await tx.query<MatchRow>(
          `SELECT ${matchColumns('m')} FROM matches m WHERE m.user_low = $1 AND m.user_high = $2`,
          [pair.low, pair.high],
        );
        if (existing.rows[0] || mine !== 'like' || theirs !== 'like') {
          const match = existing.rows[0] ? toMatch(existing.rows[0]) : null;
          return { status: 'recorded' as const, decision: mine, match, matchCreated: false };
        }
        const created = await tx.query<MatchRow>(
          `INSERT INTO matches (id, user_low, user_high, created_at, last_activity_at) VALUES ($1, $2, $3, $4, $4)
           RETURNING ${matchColumns('matches')}`,
          [newMatchId, pair.low, pair.high, swipe.createdAt],
        );
        const match = toMatch(created.rows[0] as MatchRow);
        return { status: 'recorded' as const, decision: mine, match, matchCreated: true };
      });
    },

    async listBySwiper(userId) {
      const { rows } = await sql.query<SwipeRow>(
        `SELECT swiper_id, target_id, decision, created_at FROM swipes WHERE swiper_id = $1
         ORDER BY created_at, target_id COLLATE "C"`,
        [userId],
      );
      return rows.map(toSwipe);
    },
  };
}
