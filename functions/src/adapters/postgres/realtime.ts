import type { ConnectionRecord, ConnectionRepository, RealtimeTicketRepository } from '../../ports/chat';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

/** Share of writes that also sweep expired rows, so the tables stay small without a cron job. */
const SWEEP_PROBABILITY = 0.02;

const maybeSweep = async (sql: SqlClient, table: 'realtime_tickets' | 'realtime_connections') => {
  if (Math.random() < SWEEP_PROBABILITY) await sql.query(`DELETE FROM ${table} WHERE expires_at < now()`);
};

export function createPostgresRealtimeTickets(sql: SqlClient): RealtimeTicketRepository {
  return {
    async create(ticket) {
      await sql.query(
        `INSERT INTO realtime_tickets (ticket_hash, user_id, session_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [ticket.ticketHash, ticket.userId, ticket.sessionId ?? null, ticket.createdAt, ticket.expiresAt],
      );
      await maybeSweep(sql, 'realtime_tickets');
    },

    /** DELETE ... RETURNING: of concurrent uses exactly one gets the row; an expired ticket is used up too. */
    async consume(ticketHash, now) {
      const { rows } = await sql.query<{
        user_id: string;
        session_id: string | null;
        expires_at: Date | string;
      }>('DELETE FROM realtime_tickets WHERE ticket_hash = $1 RETURNING user_id, session_id, expires_at', [
        ticketHash,
      ]);
      const row = rows[0];
      if (!row) return null;
      return isoFromTimestamp(row.expires_at) > now
        ? { userId: row.user_id, sessionId: row.session_id }
        : null;
    },
  };
}

interface ConnectionRow {
  id: string;
  user_id: string;
  session_id: string | null;
  connected_at: Date | string;
  expires_at: Date | string;
}

const toConnection = (row: ConnectionRow): ConnectionRecord => ({
  id: row.id,
  userId: row.user_id,
  ...(row.session_id === null ? {} : { sessionId: row.session_id }),
  connectedAt: isoFromTimestamp(row.connected_at),
  expiresAt: isoFromTimestamp(row.expires_at),
});

const columns = 'id, user_id, session_id, connected_at, expires_at';

export function createPostgresConnections(sql: SqlClient): ConnectionRepository {
  return {
    async add(connection) {
      await sql.query(
        `INSERT INTO realtime_connections (${columns}) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id,
           connected_at = EXCLUDED.connected_at, expires_at = EXCLUDED.expires_at`,
        [
          connection.id,
          connection.userId,
          connection.sessionId ?? null,
          connection.connectedAt,
          connection.expiresAt,
        ],
      );
      await maybeSweep(sql, 'realtime_connections');
    },

    async get(connectionId, now) {
      const { rows } = await sql.query<ConnectionRow>(
        `SELECT ${columns} FROM realtime_connections WHERE id = $1 AND expires_at > $2`,
        [connectionId, now],
      );
      return rows[0] ? toConnection(rows[0]) : null;
    },

    async remove(connectionId) {
      const { rows } = await sql.query<ConnectionRow>(
        `DELETE FROM realtime_connections WHERE id = $1 RETURNING ${columns}`,
        [connectionId],
      );
      return rows[0] ? toConnection(rows[0]) : null;
    },

    async listByUsers(userIds, now) {
      if (userIds.length === 0) return [];
      const { rows } = await sql.query<ConnectionRow>(
        `SELECT ${columns} FROM realtime_connections
         WHERE user_id = ANY($1::text[]) AND expires_at > $2 ORDER BY user_id, id`,
        [[...new Set(userIds)], now],
      );
      return rows.map(toConnection);
    },
  };
}
