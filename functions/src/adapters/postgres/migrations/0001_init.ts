import type { Migration } from './migration';

export const init: Migration = {
  version: 1,
  name: 'init',
  statements: [
    `CREATE TABLE users (
      id text PRIMARY KEY,
      email text NOT NULL,
      password_hash text NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT users_email_key UNIQUE (email)
    )`,
    // No foreign key to users: the store contract issues tokens for users it never stored, so
    // erasing a user must delete their families explicitly.
    `CREATE TABLE refresh_token_families (
      family_id text PRIMARY KEY,
      user_id text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`,
    'CREATE INDEX refresh_token_families_user_id_idx ON refresh_token_families (user_id)',
    `CREATE TABLE refresh_tokens (
      token_hash text PRIMARY KEY,
      family_id text NOT NULL REFERENCES refresh_token_families (family_id) ON DELETE CASCADE,
      user_id text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`,
    'CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id)',
    `CREATE TABLE profiles (
      user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      display_name text NOT NULL,
      birth_date date NOT NULL,
      gender text NOT NULL,
      interested_in text[] NOT NULL,
      age_min integer NOT NULL,
      age_max integer NOT NULL,
      max_distance_km integer NOT NULL,
      lat double precision NOT NULL,
      lon double precision NOT NULL,
      bio text NOT NULL,
      interests text[] NOT NULL,
      prompts jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
  ],
};
