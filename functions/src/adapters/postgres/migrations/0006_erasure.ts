import type { Migration } from './migration';

export const erasure: Migration = {
  version: 6,
  name: 'erasure and export',
  statements: [
    // Every match of a user, active or ended (GET /api/me/export), and the ON DELETE CASCADE from users when an
    // account is erased: user_low is served by matches_pair_key, user_high had only the partial index of active
    // matches, so each erasure would otherwise read the whole table.
    'CREATE INDEX matches_user_high_idx ON matches (user_high)',
  ],
};
