import type { Migration } from './migration';

export const notifications: Migration = {
  version: 13,
  name: 'web push subscriptions and notification preferences',
  statements: [
    // An endpoint is one browser's: unique across users, so subscribing it moves it to the new user.
    `CREATE TABLE push_subscriptions (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      endpoint text NOT NULL UNIQUE,
      p256dh text NOT NULL,
      auth text NOT NULL,
      created_at timestamptz NOT NULL
    )`,
    'CREATE INDEX push_subscriptions_by_user ON push_subscriptions (user_id, created_at)',
    `CREATE TABLE notification_preferences (
      user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      matches boolean NOT NULL,
      messages boolean NOT NULL,
      previews boolean NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
  ],
};
