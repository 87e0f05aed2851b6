import type { Store } from '../../ports/repositories';
import { reportingUnavailability } from './connection-failures';
import { postgresAuditLog } from './postgres-audit-log';
import { postgresBlocks } from './postgres-blocks';
import { postgresConversations } from './postgres-conversations';
import { postgresDiscovery } from './postgres-discovery';
import { postgresMatches } from './postgres-matches';
import { postgresPhotos } from './postgres-photos';
import { postgresProfiles } from './postgres-profiles';
import { postgresRateLimits } from './postgres-rate-limits';
import { postgresConnections, postgresRealtimeTickets } from './postgres-realtime';
import { postgresRefreshTokens } from './postgres-refresh-tokens';
import { postgresReports } from './postgres-reports';
import { postgresSwipes } from './postgres-swipes';
import { postgresUsers } from './postgres-users';
import type { SqlClient } from './sql-client';

/**
 * The Store on PostgreSQL (server or PGlite). Expects a migrated database (see `migrate`). While the server
 * cannot be reached (restarting, down), every repository call and `ping` fail with ServiceUnavailableError.
 */
export function createPostgresStore(sqlClient: SqlClient): Store {
  const client = reportingUnavailability(sqlClient);
  return {
    kind: 'postgres',
    users: postgresUsers(client),
    refreshTokens: postgresRefreshTokens(client),
    profiles: postgresProfiles(client),
    photos: postgresPhotos(client),
    rateLimits: postgresRateLimits(client),
    audit: postgresAuditLog(client),
    discovery: postgresDiscovery(client),
    swipes: postgresSwipes(client),
    matches: postgresMatches(client),
    blocks: postgresBlocks(client),
    reports: postgresReports(client),
    conversations: postgresConversations(client),
    realtimeTickets: postgresRealtimeTickets(client),
    connections: postgresConnections(client),
    async ping() {
      await client.query('SELECT 1');
    },
    close: () => client.close(),
  };
}
