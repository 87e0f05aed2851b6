import type { Migration } from './migration';

export const matching: Migration = {
  version: 3,
  name: 'matching',
  statements: [
    // Discovery compares ~1 km grid-cell centres (domain/eligibility). The store computes them in TypeScript on
    // every put (`snapToGrid`), so SQL never re-derives them; last_active_at is touched by login, refresh and
    // discover (NULL: never, then updated_at counts).
    `ALTER TABLE profiles
       ADD COLUMN grid_lat double precision,
       ADD COLUMN grid_lon double precision,
       ADD COLUMN last_active_at timestamptz`,
    // Profiles written before this migration: the same snapping as domain/geo.ts snapToGrid, in SQL, once.
    `UPDATE profiles SET grid_lat = cell.lat,
       grid_lon = GREATEST(-180, LEAST(180,
         (floor(lon / (0.01 / GREATEST(cos(cell.lat * pi() / 180), 0.01))) + 0.5)
           * (0.01 / GREATEST(cos(cell.lat * pi() / 180), 0.01))))
     FROM (SELECT user_id AS id, GREATEST(-90, LEAST(90, (floor(lat / 0.01) + 0.5) * 0.01)) AS lat FROM profiles) cell
     WHERE cell.id = profiles.user_id`,
    'ALTER TABLE profiles ALTER COLUMN grid_lat SET NOT NULL, ALTER COLUMN grid_lon SET NOT NULL',
    // Discovery's index: the caller's genders of interest (equality) and the latitude band of the search
    // area (range), with longitude checked inside the index before any row is read.
    'CREATE INDEX profiles_discovery_idx ON profiles (gender, grid_lat, grid_lon)',
    // One decision per (swiper, target); the first is final (INSERT ... ON CONFLICT DO NOTHING).
    `CREATE TABLE swipes (
      swiper_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      target_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      decision text NOT NULL CONSTRAINT swipes_decision_check CHECK (decision IN ('like', 'pass')),
      created_at timestamptz NOT NULL,
      PRIMARY KEY (swiper_id, target_id),
      CONSTRAINT swipes_not_self_check CHECK (swiper_id <> target_id)
    )`,
    'CREATE INDEX swipes_target_id_idx ON swipes (target_id)',
    // At most one match per pair, ever: an ended match keeps its row, so the pair cannot match again.
    `CREATE TABLE matches (
      id text PRIMARY KEY,
      user_low text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      user_high text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      last_activity_at timestamptz NOT NULL,
      ended_at timestamptz,
      CONSTRAINT matches_pair_key UNIQUE (user_low, user_high),
      CONSTRAINT matches_pair_order_check CHECK (user_low < user_high COLLATE "C")
    )`,
    // GET /api/matches: a user's active matches by last activity, from either side of the pair.
    `CREATE INDEX matches_low_activity_idx ON matches (user_low, last_activity_at DESC, id DESC)
       WHERE ended_at IS NULL`,
    `CREATE INDEX matches_high_activity_idx ON matches (user_high, last_activity_at DESC, id DESC)
       WHERE ended_at IS NULL`,
    `CREATE TABLE blocks (
      blocker_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      blocked_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (blocker_id, blocked_id),
      CONSTRAINT blocks_not_self_check CHECK (blocker_id <> blocked_id)
    )`,
    // "Blocked by them" lookups (discovery, swipes) and GET /api/blocks (newest first).
    'CREATE INDEX blocks_blocked_id_idx ON blocks (blocked_id, blocker_id)',
    'CREATE INDEX blocks_blocker_recent_idx ON blocks (blocker_id, created_at DESC, blocked_id DESC)',
    // Kept for moderation even after either account is erased: no foreign keys.
    `CREATE TABLE reports (
      id text PRIMARY KEY,
      reporter_id text NOT NULL,
      reported_user_id text NOT NULL,
      reason text NOT NULL CONSTRAINT reports_reason_check
        CHECK (reason IN ('spam', 'fake', 'harassment', 'inappropriate', 'underage', 'other')),
      details text,
      created_at timestamptz NOT NULL
    )`,
    'CREATE INDEX reports_reporter_id_idx ON reports (reporter_id, created_at)',
    'CREATE INDEX reports_reported_user_id_idx ON reports (reported_user_id, created_at)',
  ],
};
