import type { Migration } from './migration';

export const chat: Migration = {
  version: 5,
  name: 'chat and realtime',
  statements: [
    // A conversation is a match (conversationId = matchId). Idempotency: one message per (conversation,
    // sender, clientMessageId), settled by the unique constraint (INSERT ... ON CONFLICT DO NOTHING).
    // Erasing a user deletes their messages (docs/architecture.md, Privacy); erasing a match deletes its conversation.
    // Ids compare bytewise (COLLATE "C"), which is ULID order whatever the database's collation.
    `CREATE TABLE messages (
      id text COLLATE "C" PRIMARY KEY,
      conversation_id text NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
      sender_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      client_message_id text NOT NULL,
      text text NOT NULL CONSTRAINT messages_text_length_check CHECK (char_length(text) BETWEEN 1 AND 2000),
      created_at timestamptz NOT NULL,
      CONSTRAINT messages_client_message_key UNIQUE (conversation_id, sender_id, client_message_id)
    )`,
    // Paging both ways by id (ULID order), the last message, and unread counts (id > marker) per conversation.
    'CREATE INDEX messages_conversation_idx ON messages (conversation_id, id)',
    'CREATE INDEX messages_sender_idx ON messages (sender_id)',
    // Monotonic: only ever moved forward (the UPDATE's WHERE compares ids).
    `CREATE TABLE read_markers (
      conversation_id text NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      up_to_message_id text COLLATE "C" NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (conversation_id, user_id)
    )`,
    'CREATE INDEX read_markers_user_idx ON read_markers (user_id)',
    // One-time WebSocket tickets (hashed); consumed by DELETE ... RETURNING, so two uses cannot both win.
    `CREATE TABLE realtime_tickets (
      ticket_hash text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    'CREATE INDEX realtime_tickets_expires_at_idx ON realtime_tickets (expires_at)',
    // Live WebSocket connections, by id (the gateway) and by user (fan-out); they expire after 2 h.
    `CREATE TABLE realtime_connections (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      connected_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    'CREATE INDEX realtime_connections_user_idx ON realtime_connections (user_id, expires_at)',
    'CREATE INDEX realtime_connections_expires_at_idx ON realtime_connections (expires_at)',
  ],
};
