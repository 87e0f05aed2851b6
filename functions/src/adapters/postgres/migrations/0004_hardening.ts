import type { Migration } from './migration';

export const hardening: Migration = {
  version: 4,
  name: 'rate limits and audit log',
  statements: [
    `CREATE TABLE rate_counters (
      key text NOT NULL,
      window_start bigint NOT NULL,
      count integer NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (key, window_start)
    )`,
    'CREATE INDEX rate_counters_expires_at_idx ON rate_counters (expires_at)',
    // Append-only; not tied to users by a foreign key so failed logins for unknown emails fit, and
    // erasure decides explicitly what to keep.
    `CREATE TABLE audit_events (
      id text PRIMARY KEY,
      type text NOT NULL,
      user_id text,
      ip text NOT NULL,
      user_agent text NOT NULL,
      at timestamptz NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`,
    'CREATE INDEX audit_events_user_id_idx ON audit_events (user_id, id DESC)',
  ],
};
