import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../ports/repositories';
import { createDynamoDbAuditLogRepository } from './audit-log-repository';
import { createDynamoDbBlockRepository } from './blocks-repository';
import { createDynamoDbConversationRepository } from './conversations-repository';
import { createDynamoDbDiscoveryRepository } from './discovery-repository';
import { pingKey } from './keys';
import { createDynamoDbMatchRepository } from './matches-repository';
import { createDynamoDbPhotoRepository } from './photos-repository';
import { createDynamoDbProfileRepository } from './profiles-repository';
import { createDynamoDbRateLimitRepository } from './rate-limits-repository';
import {
  createDynamoDbConnectionRepository,
  createDynamoDbRealtimeTicketRepository,
} from './realtime-repository';
import { createDynamoDbRefreshTokenRepository } from './refresh-tokens-repository';
import { createDynamoDbReportRepository } from './reports-repository';
import { createDynamoDbSwipeRepository } from './swipes-repository';
import type { TableHandle } from './table';
import { reportUnavailability } from './unavailability';
import { createDynamoDbUserRepository } from './users-repository';

export interface DynamoDbStoreOptions {
  /** The store owns the client from now on: `close` releases its sockets. */
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * The store on one table. Every request goes through `reportUnavailability`: DynamoDB unreachable, throttling
 * or failing answers `503 service_unavailable`, like an unreachable PostgreSQL. Build the client with
 * `dynamoDbClientDefaults` (client-config.ts) so that no request waits without a limit.
 */
export function createDynamoDbStore({ client: given, tableName }: DynamoDbStoreOptions): Store {
  const client = reportUnavailability(given);
  const table: TableHandle = { client, tableName };
  const photos = createDynamoDbPhotoRepository(table);
  return {
    kind: 'dynamodb',
    users: createDynamoDbUserRepository(table),
    refreshTokens: createDynamoDbRefreshTokenRepository(table),
    profiles: createDynamoDbProfileRepository(table),
    photos,
    rateLimits: createDynamoDbRateLimitRepository(table),
    audit: createDynamoDbAuditLogRepository(table),
    discovery: createDynamoDbDiscoveryRepository(table, photos),
    swipes: createDynamoDbSwipeRepository(table),
    matches: createDynamoDbMatchRepository(table),
    blocks: createDynamoDbBlockRepository(table),
    reports: createDynamoDbReportRepository(table),
    conversations: createDynamoDbConversationRepository(table),
    realtimeTickets: createDynamoDbRealtimeTicketRepository(table),
    connections: createDynamoDbConnectionRepository(table),
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
