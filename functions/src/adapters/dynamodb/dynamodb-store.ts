import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../ports/repositories';
import { pingKey } from './keys';
import { createDynamoDbProfileRepository } from './profiles-repository';
import { createDynamoDbRefreshTokenRepository } from './refresh-tokens-repository';
import type { TableHandle } from './table';
import { createDynamoDbUserRepository } from './users-repository';

export interface DynamoDbStoreOptions {
  /** The store owns the client from now on: `close` releases its sockets. */
  client: DynamoDBDocumentClient;
  tableName: string;
}

export function createDynamoDbStore({ client, tableName }: DynamoDbStoreOptions): Store {
  const table: TableHandle = { client, tableName };
  return {
    kind: 'dynamodb',
    users: createDynamoDbUserRepository(table),
    refreshTokens: createDynamoDbRefreshTokenRepository(table),
    profiles: createDynamoDbProfileRepository(table),
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
