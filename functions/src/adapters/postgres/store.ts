import type { Store } from '../../ports/repositories';
import { createPostgresAccountTokens } from './account-tokens';
import { createPostgresAuditLog } from './audit-log';
import { createPostgresBlocks } from './blocks';
import { createPostgresConversations } from './conversations';
import { createPostgresDiscovery } from './discovery';
import { createPostgresEmailDeliverability } from './email-deliverability';
import { createPostgresMatches } from './matches';
import { createPostgresPhotos } from './photos';
import { createPostgresProfiles } from './profiles';
import { createPostgresRateLimits } from './rate-limits';
import { createPostgresConnections, createPostgresRealtimeTickets } from './realtime';
import { createPostgresRefreshTokens } from './refresh-tokens';
import { createPostgresReports } from './reports';
import type { SqlClient } from './sql-client';
import { reportStoreUnavailable } from './store-unavailable';
import { createPostgresSwipes } from './swipes';
import { createPostgresUsers } from './users';

/**
 * The Store on PostgreSQL (server or PGlite). Expects a migrated database (see `migrate`). While the server
 * cannot be reached (restarting, down), every repository call and `ping` fail with ServiceUnavailableError.
 */
export function createPostgresStore(sqlClient: SqlClient): Store {
  const client = reportStoreUnavailable(sqlClient);
  return {
    kind: 'postgres',
    users: createPostgresUsers(client),
    emailDeliverability: createPostgresEmailDeliverability(client),
    refreshTokens: createPostgresRefreshTokens(client),
    accountTokens: createPostgresAccountTokens(client),
    profiles: createPostgresProfiles(client),
    photos: createPostgresPhotos(client),
    rateLimits: createPostgresRateLimits(client),
    audit: createPostgresAuditLog(client),
    discovery: createPostgresDiscovery(client),
    swipes: createPostgresSwipes(client),
    matches: createPostgresMatches(client),
    blocks: createPostgresBlocks(client),
    reports: createPostgresReports(client),
    conversations: createPostgresConversations(client),
    realtimeTickets: createPostgresRealtimeTickets(client),
    connections: createPostgresConnections(client),
    async ping() {
      await client.query('SELECT 1');
    },
    close: () => client.close(),
  };
}
