import type { Migration } from './migration';

export const likesReceived: Migration = {
  version: 15,
  name: 'likes received and undo',
  statements: [
    // "Likes you": the likes a user received, newest first, read from the index in page order.
    `CREATE INDEX swipes_likes_received_idx ON swipes (target_id, created_at DESC, (swiper_id COLLATE "C") DESC)
       WHERE decision = 'like'`,
    // Undo: the caller's most recent decision.
    'CREATE INDEX swipes_swiper_recent_idx ON swipes (swiper_id, created_at DESC)',
  ],
};
