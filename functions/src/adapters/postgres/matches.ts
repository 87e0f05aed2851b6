import type { MatchRecord, MatchRepository } from '../../ports/matching';
import { type ConversationStateColumns, conversationStateJoins, toConversationState } from './conversations';
import { type ProfileRow, profileColumns, toProfile } from './profiles';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp, isoOrNull } from './sql-values';

export interface MatchRow {
  id: string;
  user_low: string;
  user_high: string;
  created_at: Date | string;
  last_activity_at: Date | string;
  ended_at: Date | string | null;
}

export const matchColumns = (m: string) =>
  `${m}.id, ${m}.user_low, ${m}.user_high, ${m}.created_at, ${m}.last_activity_at, ${m}.ended_at`;

export const toMatch = (row: MatchRow): MatchRecord => ({
  id: row.id,
  userLow: row.user_low,
  userHigh: row.user_high,
  createdAt: isoFromTimestamp(row.created_at),
  lastActivityAt: isoFromTimestamp(row.last_activity_at),
  endedAt: isoOrNull(row.ended_at),
});

type ListingRow = MatchRow & { other: ProfileRow } & ConversationStateColumns;

export function createPostgresMatches(sql: SqlClient): MatchRepository {
  return {
    async get(matchId) {
      const { rows } = await sql.query<MatchRow>(
        `SELECT ${matchColumns('m')} FROM matches m WHERE m.id = $1`,
        [matchId],
      );
      return rows[0] ? toMatch(rows[0]) : null;
    },

    async listActive(userId, { limit, after }) {
      // The other side's profile by primary key, as one JSON column; the partial indexes per side serve the OR.
      // The conversation state (last message, unread count) comes from index probes per listed match.
      const { rows } = await sql.query<ListingRow>(
        `SELECT ${matchColumns('m')}, to_json(o) AS other, last_message.last_message, unread.unread_count
         FROM matches m
         CROSS JOIN LATERAL (
           SELECT ${profileColumns('p')} FROM profiles p
           WHERE p.user_id = CASE WHEN m.user_low = $1 THEN m.user_high ELSE m.user_low END
         ) o
         ${conversationStateJoins('m', '$1')}
         WHERE (m.user_low = $1 OR m.user_high = $1) AND m.ended_at IS NULL
           AND ($2::timestamptz IS NULL OR (m.last_activity_at, m.id COLLATE "C") < ($2::timestamptz, $3::text))
         ORDER BY m.last_activity_at DESC, m.id COLLATE "C" DESC
         LIMIT $4`,
        [userId, after?.lastActivityAt ?? null, after?.matchId ?? null, limit],
      );
      return rows.map((row) => ({
        match: toMatch(row),
        other: toProfile(row.other),
        conversation: toConversationState(row),
      }));
    },

    async end(matchId, at) {
      const { rows } = await sql.query(
        'UPDATE matches SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL RETURNING id',
        [matchId, at],
      );
      return rows.length === 1;
    },

    async listAllByUser(userId) {
      // matches_pair_key serves user_low, matches_user_high_idx user_high (0006_erasure).
      const { rows } = await sql.query<MatchRow>(
        `SELECT ${matchColumns('m')} FROM matches m WHERE m.user_low = $1 OR m.user_high = $1
         ORDER BY m.created_at, m.id COLLATE "C"`,
        [userId],
      );
      return rows.map(toMatch);
    },
  };
}
