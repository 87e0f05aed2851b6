import type { Migration } from './migration';

export const photos: Migration = {
  version: 2,
  name: 'photos',
  statements: [
    // Rows go with their user; the objects in the blob store are deleted by the services.
    `CREATE TABLE photos (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      status text NOT NULL CONSTRAINT photos_status_check CHECK (status IN ('pending', 'ready', 'rejected')),
      content_type text NOT NULL,
      declared_size integer NOT NULL CONSTRAINT photos_declared_size_check CHECK (declared_size > 0),
      position integer NOT NULL DEFAULT 0,
      reject_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    // Serves listByUser, the limit's count and listReadyByUsers (user_id = ANY(...) AND status = 'ready').
    'CREATE INDEX photos_user_id_status_idx ON photos (user_id, status, position)',
  ],
};
