import type { ConversationRepository, MessageRecord, ReadMarker } from '../../ports/chat';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

export interface MessageRow {
  id: string;
  conversation_id: string;
  sender_id: string;
  client_message_id: string;
  text: string;
  created_at: Date | string;
}

export const messageColumns = (m: string) =>
  `${m}.id, ${m}.conversation_id, ${m}.sender_id, ${m}.client_message_id, ${m}.text, ${m}.created_at`;

export const toMessage = (row: MessageRow): MessageRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  senderId: row.sender_id,
  text: row.text,
  clientMessageId: row.client_message_id,
  createdAt: isoFromTimestamp(row.created_at),
});

interface ReadMarkerRow {
  conversation_id: string;
  user_id: string;
  up_to_message_id: string;
  updated_at: Date | string;
}

/**
 * The conversation state `GET /api/matches` shows, for the match aliased `m` and the viewer in parameter
 * `viewer` (e.g. `$1`): columns `last_message` (JSON of a message row, or NULL) and `unread_count`. The
 * newest message is one index probe; unread messages are counted on the same index from the read marker on.
 */
export const conversationStateJoins = (m: string, viewer: string) => `
  LEFT JOIN LATERAL (
    SELECT to_json(lm) AS last_message FROM (
      SELECT ${messageColumns('msg')} FROM messages msg WHERE msg.conversation_id = ${m}.id
      ORDER BY msg.id DESC LIMIT 1
    ) lm
  ) last_message ON true
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS unread_count FROM messages unread
    WHERE unread.conversation_id = ${m}.id AND unread.sender_id <> ${viewer}
      AND unread.id > COALESCE(
        (SELECT r.up_to_message_id FROM read_markers r WHERE r.conversation_id = ${m}.id AND r.user_id = ${viewer}),
        '')
  ) unread`;

export interface ConversationStateColumns {
  last_message: MessageRow | null;
  unread_count: number;
}

export const toConversationState = (row: ConversationStateColumns) => ({
  lastMessage: row.last_message ? toMessage(row.last_message) : null,
  unreadCount: Number(row.unread_count),
});

export function createPostgresConversations(sql: SqlClient): ConversationRepository {
  return {
    /**
     * One statement, one round trip (it was a five-statement transaction). `active` locks the match row while
     * it is active: concurrent sends of the conversation queue there, and an unmatch waits for them or they see
     * it ended (the lock re-checks `ended_at` on the newest row version). Nothing is inserted when `earlier`,
     * the sender's message with this clientMessageId, is already visible; otherwise the insert, and the match's
     * last activity moves in the same statement.
     *
     * A retry racing the first attempt commits while this statement waits on the match lock, after its
     * snapshot was taken, so `earlier` cannot see that row. The insert's arbiter does (it waits for the
     * winner), and `DO UPDATE` (a no-op write, only in this race) returns the winner's row, which READ
     * COMMITTED allows even though the snapshot does not show it; `DO NOTHING` would return nothing. The row
     * is ours (`created`) when it carries the id we proposed: ids are fresh per attempt.
     */
    async send(conversation, message) {
      const { rows } = await sql.query<MessageRow & { created: boolean }>(
        `WITH active AS (
           SELECT id FROM matches WHERE id = $2 AND ended_at IS NULL FOR NO KEY UPDATE
         ), earlier AS (
           SELECT ${messageColumns('m')} FROM messages m
           WHERE m.conversation_id = $2 AND m.sender_id = $3 AND m.client_message_id = $4
         ), stored AS (
           INSERT INTO messages (id, conversation_id, sender_id, client_message_id, text, created_at)
           SELECT $1, active.id, $3, $4, $5, $6::timestamptz FROM active
           WHERE NOT EXISTS (SELECT 1 FROM earlier)
           ON CONFLICT (conversation_id, sender_id, client_message_id)
             DO UPDATE SET client_message_id = EXCLUDED.client_message_id
           RETURNING ${messageColumns('messages')}
         ), touched AS (
           UPDATE matches SET last_activity_at = GREATEST(last_activity_at, $6::timestamptz)
           WHERE id = $2 AND EXISTS (SELECT 1 FROM stored WHERE stored.id = $1)
         )
         SELECT stored.id = $1 AS created, ${messageColumns('stored')} FROM stored
         UNION ALL
         SELECT false, ${messageColumns('earlier')} FROM earlier WHERE EXISTS (SELECT 1 FROM active)`,
        [
          message.id,
          conversation.id,
          message.senderId,
          message.clientMessageId,
          message.text,
          message.createdAt,
        ],
      );
      const row = rows[0];
      if (!row) return { status: 'closed' as const };
      const { created, ...stored } = row;
      return { status: created ? ('created' as const) : ('duplicate' as const), message: toMessage(stored) };
    },

    async list(conversationId, { before, after, limit }) {
      const [condition, order, cursor] =
        after !== undefined
          ? ['AND m.id > $2', 'ASC', after]
          : before !== undefined
            ? ['AND m.id < $2', 'DESC', before]
            : ['AND $2::text IS NULL', 'DESC', null];
      const { rows } = await sql.query<MessageRow>(
        `SELECT ${messageColumns('m')} FROM messages m
         WHERE m.conversation_id = $1 ${condition}
         ORDER BY m.id ${order} LIMIT $3`,
        [conversationId, cursor, limit],
      );
      return rows.map(toMessage);
    },

    async getMany(conversationId, messageIds) {
      if (messageIds.length === 0) return [];
      const { rows } = await sql.query<MessageRow>(
        `SELECT ${messageColumns('m')} FROM messages m
         WHERE m.conversation_id = $1 AND m.id = ANY($2::text[]) ORDER BY m.id`,
        [conversationId, [...messageIds]],
      );
      return rows.map(toMessage);
    },

    /** One statement: the marker moves only to a message of this conversation, and only forward. */
    async markRead(conversation, userId, upToMessageId, at) {
      const { rows } = await sql.query<{ known: boolean; moved: boolean }>(
        `WITH target AS (
           SELECT id FROM messages WHERE conversation_id = $1 AND id = $3
         ), moved AS (
           INSERT INTO read_markers (conversation_id, user_id, up_to_message_id, updated_at)
           SELECT $1, $2, target.id, $4 FROM target
           ON CONFLICT (conversation_id, user_id) DO UPDATE
             SET up_to_message_id = EXCLUDED.up_to_message_id, updated_at = EXCLUDED.updated_at
             WHERE read_markers.up_to_message_id < EXCLUDED.up_to_message_id
           RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM target) AS known, EXISTS (SELECT 1 FROM moved) AS moved`,
        [conversation.id, userId, upToMessageId, at],
      );
      const result = rows[0];
      if (!result?.known) return 'unknown_message';
      return result.moved ? 'moved' : 'unchanged';
    },

    async readMarker(conversationId, userId): Promise<ReadMarker | null> {
      const { rows } = await sql.query<ReadMarkerRow>(
        `SELECT conversation_id, user_id, up_to_message_id, updated_at FROM read_markers
         WHERE conversation_id = $1 AND user_id = $2`,
        [conversationId, userId],
      );
      const row = rows[0];
      return row
        ? {
            conversationId: row.conversation_id,
            userId: row.user_id,
            upToMessageId: row.up_to_message_id,
            updatedAt: isoFromTimestamp(row.updated_at),
          }
        : null;
    },
  };
}
