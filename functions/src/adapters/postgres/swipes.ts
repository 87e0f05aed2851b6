import type { SwipeDecision } from '../../contract/matching';
import type { PairFacts } from '../../domain/pair-facts';
import { orderPair } from '../../domain/pairs';
import type { MatchRecord, SwipeRecord, SwipeRepository } from '../../ports/matching';
import { type MatchRow, matchColumns, toMatch } from './matches';
import { lockPair } from './pair-lock';
import { type PhotoRow, toPhoto } from './photos';
import { type ProfileRow, profileColumns, toProfile } from './profiles';
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

/** The pair's facts as $1 sees them ($2: the other; $3, $4: the pair in id order). */
const pairFactsSql = `SELECT
  (SELECT decision FROM swipes WHERE swiper_id = $1 AND target_id = $2) AS mine,
  (SELECT decision FROM swipes WHERE swiper_id = $2 AND target_id = $1) AS theirs,
  EXISTS (${blockedEitherWaySql}) AS blocked,
  ${matchColumns('m')}
FROM (SELECT 1) one LEFT JOIN matches m ON m.user_low = $3 AND m.user_high = $4`;

/** The match columns are null when the pair has no match. */
type PairFactsRow = {
  mine: SwipeDecision | null;
  theirs: SwipeDecision | null;
  blocked: boolean;
} & (({ id: string } & MatchRow) | { id: null });

async function readPairFacts(
  sql: SqlClient,
  userId: string,
  otherId: string,
): Promise<{ facts: PairFacts; match: MatchRecord | null }> {
  const pair = orderPair(userId, otherId);
  const { rows } = await sql.query<PairFactsRow>(pairFactsSql, [userId, otherId, pair.low, pair.high]);
  const row = rows[0] as PairFactsRow;
  const match = row.id === null ? null : toMatch(row);
  const facts: PairFacts = {
    mine: row.mine,
    theirs: row.theirs,
    blocked: row.blocked,
    match: match === null ? 'none' : match.endedAt === null ? 'active' : 'ended',
  };
  return { facts, match };
}

interface ReceivedLikeRow extends ProfileRow {
  liked_at: Date | string;
  photos: PhotoRow[];
}

/**
 * "Likes you" for $1, newest first, after the cursor ($3 time, $4 liker; null: from the start), $2 rows at most:
 * read from `swipes_likes_received_idx` in page order, each like checked on its row only (domain/eligibility
 * `likesYouShows`): not answered by $1, no block either way, the liker's profile live with a ready photo.
 */
const likesReceivedSql = `
SELECT ${profileColumns('p')}, s.created_at AS liked_at, (
  SELECT json_agg(x ORDER BY x.position, x.created_at, x.id) FROM photos x
  WHERE x.user_id = p.user_id AND x.status = 'ready'
) AS photos
FROM swipes s
JOIN profiles p ON p.user_id = s.swiper_id
WHERE s.target_id = $1 AND s.decision = 'like'
  AND ($3::timestamptz IS NULL OR s.created_at < $3::timestamptz
       OR (s.created_at = $3::timestamptz AND s.swiper_id COLLATE "C" < $4))
  AND p.paused_at IS NULL AND p.visibility IS NULL
  AND EXISTS (SELECT 1 FROM photos x WHERE x.user_id = p.user_id AND x.status = 'ready')
  AND NOT EXISTS (SELECT 1 FROM swipes mine WHERE mine.swiper_id = $1 AND mine.target_id = s.swiper_id)
  AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $1 AND b.blocked_id = s.swiper_id)
  AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = s.swiper_id AND b.blocked_id = $1)
ORDER BY s.created_at DESC, s.swiper_id COLLATE "C" DESC
LIMIT $2`;

export function createPostgresSwipes(sql: SqlClient): SwipeRepository {
  return {
    /**
     * One transaction holding the pair's advisory lock: both sides' swipes (and blocks) of one pair run one
     * after the other, each seeing what the previous committed, so the facts read after the insert are the
     * pair's facts when the rule decides. UNIQUE (user_low, user_high) keeps one match per pair whatever the
     * rule answers (ON CONFLICT: the existing one stands).
     */
    async record(swipe, newMatchId, rule) {
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
        const { facts, match: existing } = await readPairFacts(tx, swipe.swiperId, swipe.targetId);
        const decision = facts.mine ?? swipe.decision;
        if (!rule(facts))
          return { status: 'recorded' as const, decision, match: existing, matchCreated: false };
        const created = await tx.query<MatchRow>(
          `INSERT INTO matches (id, user_low, user_high, created_at, last_activity_at) VALUES ($1, $2, $3, $4, $4)
           ON CONFLICT (user_low, user_high) DO NOTHING
           RETURNING ${matchColumns('matches')}`,
          [newMatchId, pair.low, pair.high, swipe.createdAt],
        );
        const match = created.rows[0] ? toMatch(created.rows[0]) : existing;
        return { status: 'recorded' as const, decision, match, matchCreated: created.rows[0] !== undefined };
      });
    },

    async pairFacts(userId, otherId) {
      return (await readPairFacts(sql, userId, otherId)).facts;
    },

    async listBySwiper(userId) {
      const { rows } = await sql.query<SwipeRow>(
        `SELECT swiper_id, target_id, decision, created_at FROM swipes WHERE swiper_id = $1
         ORDER BY created_at, target_id COLLATE "C"`,
        [userId],
      );
      return rows.map(toSwipe);
    },

    async undoLastPass(userId, since) {
      return sql.transaction(async (tx) => {
        const { rows } = await tx.query<SwipeRow>(
          `SELECT swiper_id, target_id, decision, created_at FROM swipes WHERE swiper_id = $1
           ORDER BY created_at DESC, target_id COLLATE "C" DESC LIMIT 1`,
          [userId],
        );
        const last = rows[0] ? toSwipe(rows[0]) : null;
        if (last?.decision !== 'pass' || last.createdAt < since) return null;
        await lockPair(tx, userId, last.targetId);
        const deleted = await tx.query<SwipeRow>(
          `DELETE FROM swipes WHERE swiper_id = $1 AND target_id = $2 AND decision = 'pass'
           RETURNING swiper_id, target_id, decision, created_at`,
          [userId, last.targetId],
        );
        return deleted.rows[0] ? toSwipe(deleted.rows[0]) : null;
      });
    },

    async likesReceived(userId, { limit, after }) {
      const { rows } = await sql.query<ReceivedLikeRow>(likesReceivedSql, [
        userId,
        limit + 1,
        after?.likedAt ?? null,
        after?.likerId ?? null,
      ]);
      const items = rows.slice(0, limit).map((row) => ({
        profile: toProfile(row),
        photos: (row.photos ?? []).map(toPhoto),
        likedAt: isoFromTimestamp(row.liked_at),
      }));
      const last = items.at(-1);
      return {
        items,
        next: rows.length > limit && last ? { likedAt: last.likedAt, likerId: last.profile.userId } : null,
      };
    },
  };
}
