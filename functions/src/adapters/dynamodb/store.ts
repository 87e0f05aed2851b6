import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../ports/repositories';
import { createDynamoDbAccountTokens } from './account-tokens';
import { createDynamoDbAuditLog } from './audit-log';
import { createDynamoDbBlocks } from './blocks';
import { createDynamoDbConversations } from './conversations';
import { createDynamoDbDiscovery } from './discovery';
import { createDynamoDbEmailDeliverability } from './email-deliverability';
import { pingKey } from './keys';
import { createDynamoDbMatches } from './matches';
import { createDynamoDbModeration } from './moderation';
import { createDynamoDbNotifications } from './notifications';
import { createDynamoDbPhotos } from './photos';
import { createDynamoDbProfiles } from './profiles';
import { createDynamoDbRateLimits } from './rate-limits';
import { createDynamoDbConnections, createDynamoDbRealtimeTickets } from './realtime';
import { createDynamoDbRefreshTokens } from './refresh-tokens';
import { createDynamoDbReports } from './reports';
import { reportStoreUnavailable } from './store-unavailable';
import { createDynamoDbSwipes } from './swipes';
import type { TableHandle } from './table';
import { createDynamoDbUsers } from './users';

export interface DynamoDbStoreOptions {
  /** The store owns the client from now on: `close` releases its sockets. */
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * The store on one table. Every request goes through `reportStoreUnavailable`: DynamoDB unreachable, throttling
 * or failing answers `503 service_unavailable`, like an unreachable PostgreSQL. Build the client with
 * `dynamoDbClientDefaults` (client-config.ts) so that no request waits without a limit.
 */
export function createDynamoDbStore({ client: given, tableName }: DynamoDbStoreOptions): Store {
  const client = reportStoreUnavailable(given);
  const table: TableHandle = { client, tableName };
  const photos = createDynamoDbPhotos(table);
  return {
    kind: 'dynamodb',
    users: createDynamoDbUsers(table),
    emailDeliverability: createDynamoDbEmailDeliverability(table),
    refreshTokens: createDynamoDbRefreshTokens(table),
    accountTokens: createDynamoDbAccountTokens(table),
    profiles: createDynamoDbProfiles(table),
    photos,
    rateLimits: createDynamoDbRateLimits(table),
    audit: createDynamoDbAuditLog(table),
    discovery: createDynamoDbDiscovery(table, photos),
    swipes: createDynamoDbSwipes(table, photos),
    matches: createDynamoDbMatches(table),
    blocks: createDynamoDbBlocks(table),
    reports: createDynamoDbReports(table),
    moderation: createDynamoDbModeration(table),
    conversations: createDynamoDbConversations(table),
    realtimeTickets: createDynamoDbRealtimeTickets(table),
    connections: createDynamoDbConnections(table),
    notifications: createDynamoDbNotifications(table),
    async ping() {
      // A GetItem needs no extra IAM permission (DescribeTable would) and fails when the table is gone.
      await client.send(new GetCommand({ TableName: tableName, Key: pingKey() }));
    },
    async close() {
      // DynamoDBDocumentClient.destroy() is a no-op: the sockets belong to the wrapped client's handler.
      client.config.requestHandler.destroy?.();
    },
  };
}
