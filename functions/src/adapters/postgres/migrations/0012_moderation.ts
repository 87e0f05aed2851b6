import type { Migration } from './migration';

export const moderation: Migration = {
  version: 12,
  name: 'moderation: roles, decisions, appeals, banned addresses, kept photos',
  statements: [
    `ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'member'
       CONSTRAINT users_role_check CHECK (role IN ('member', 'moderator', 'admin'))`,
    'ALTER TABLE users ADD COLUMN suspended_until timestamptz',
    // The decision to tell the user about at their next visit: GET /api/me reads it with the account row.
    'ALTER TABLE users ADD COLUMN notice_decision_id text',
    // Set by moderation only: `review` hides from discovery, `restricted` from everyone.
    `ALTER TABLE profiles ADD COLUMN visibility text
       CONSTRAINT profiles_visibility_check CHECK (visibility IN ('review', 'restricted'))`,
    // The attached messages (senders by side, never by id) and the decision that closed the report.
    "ALTER TABLE reports ADD COLUMN messages jsonb NOT NULL DEFAULT '[]'::jsonb",
    'ALTER TABLE reports ADD COLUMN decision_id text',
    'ALTER TABLE reports ADD COLUMN resolved_at timestamptz',
    'CREATE INDEX reports_open_idx ON reports (reported_user_id, created_at) WHERE resolved_at IS NULL',
    // Decisions about a user go with the account (erasure); the banned-address hash below does not.
    `CREATE TABLE moderation_decisions (
      id text PRIMARY KEY,
      subject_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      moderator_id text NOT NULL,
      action text NOT NULL CONSTRAINT moderation_decisions_action_check
        CHECK (action IN ('dismiss', 'warn', 'remove_photo', 'suspend', 'ban')),
      note text NOT NULL,
      photo_id text,
      until timestamptz,
      created_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      appeal_text text,
      appeal_created_at timestamptz,
      appeal_resolved_at timestamptz,
      appeal_outcome text CONSTRAINT moderation_decisions_outcome_check CHECK (appeal_outcome IN ('upheld', 'lifted'))
    )`,
    'CREATE INDEX moderation_decisions_subject_idx ON moderation_decisions (subject_id, created_at)',
    `CREATE INDEX moderation_decisions_open_appeals_idx ON moderation_decisions (appeal_created_at)
       WHERE appeal_created_at IS NOT NULL AND appeal_resolved_at IS NULL`,
    `CREATE TABLE banned_emails (
      email_hash text PRIMARY KEY,
      banned_at timestamptz NOT NULL
    )`,
    `CREATE TABLE moderation_photos (
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      photo_id text NOT NULL,
      blob_key text NOT NULL,
      deleted_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, photo_id)
    )`,
  ],
};
