import type { Migration } from './migration';

export const accountTokens: Migration = {
  version: 11,
  name: 'email verification, password reset and email change',
  statements: [
    // Accounts that registered before verification existed stay unverified until they follow a new link.
    'ALTER TABLE users ADD COLUMN email_verified_at timestamptz',
    // An email change awaiting confirmation (shown in GET /api/me); the address itself is applied only when the
    // link in the mail to it is followed, under the users_email_key unique constraint.
    'ALTER TABLE users ADD COLUMN pending_email text',
    // Only the SHA-256 of each token; gone with the user (erasure).
    `CREATE TABLE account_tokens (
       token_hash text PRIMARY KEY,
       user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
       purpose text NOT NULL
         CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('email_verification', 'password_reset', 'email_change')),
       email text,
       created_at timestamptz NOT NULL,
       expires_at timestamptz NOT NULL
     )`,
    'CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose)',
  ],
};
