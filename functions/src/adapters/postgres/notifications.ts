import type { NotificationPreferences } from '../../contract/notifications';
import type { NotificationRepository, PushSubscriptionRecord } from '../../ports/notifications';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

interface SubscriptionRow {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Date | string;
}

const columns = 'id, user_id, endpoint, p256dh, auth, created_at';

const toSubscription = (row: SubscriptionRow): PushSubscriptionRecord => ({
  id: row.id,
  userId: row.user_id,
  endpoint: row.endpoint,
  p256dh: row.p256dh,
  auth: row.auth,
  createdAt: isoFromTimestamp(row.created_at),
});

/** Subscriptions and preferences go with the user (ON DELETE CASCADE). */
export function createPostgresNotifications(sql: SqlClient): NotificationRepository {
  return {
    async addSubscription(record, max) {
      return sql.transaction(async (tx) => {
        // Same endpoint: the keys may be new, the owner may be another user (who then owns it); the id stays
        // when it stays with the same user.
        const { rows } = await tx.query<SubscriptionRow>(
          `INSERT INTO push_subscriptions (${columns}) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (endpoint) DO UPDATE SET
             id = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id THEN push_subscriptions.id ELSE EXCLUDED.id END,
             created_at = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id THEN push_subscriptions.created_at ELSE EXCLUDED.created_at END,
             user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth
           RETURNING ${columns}`,
          [record.id, record.userId, record.endpoint, record.p256dh, record.auth, record.createdAt],
        );
        await tx.query(
          `DELETE FROM push_subscriptions WHERE user_id = $1 AND id NOT IN (
             SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)`,
          [record.userId, max],
        );
        return toSubscription(rows[0] as SubscriptionRow);
      });
    },

    async listSubscriptions(userId) {
      const { rows } = await sql.query<SubscriptionRow>(
        `SELECT ${columns} FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toSubscription);
    },

    async removeSubscription(userId, id) {
      const { rows } = await sql.query<{ id: string }>(
        'DELETE FROM push_subscriptions WHERE user_id = $1 AND id = $2 RETURNING id',
        [userId, id],
      );
      return rows.length > 0;
    },

    async getPreferences(userId) {
      const { rows } = await sql.query<NotificationPreferences>(
        'SELECT matches, messages, previews FROM notification_preferences WHERE user_id = $1',
        [userId],
      );
      const row = rows[0];
      return row ? { matches: row.matches, messages: row.messages, previews: row.previews } : null;
    },

    async putPreferences(userId, preferences, at) {
      await sql.query(
        `INSERT INTO notification_preferences (user_id, matches, messages, previews, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET matches = EXCLUDED.matches, messages = EXCLUDED.messages,
           previews = EXCLUDED.previews, updated_at = EXCLUDED.updated_at`,
        [userId, preferences.matches, preferences.messages, preferences.previews, at],
      );
    },
  };
}
