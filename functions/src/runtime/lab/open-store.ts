import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClientDefaults } from '../../adapters/dynamodb/client-config';
import { createDynamoDbStore } from '../../adapters/dynamodb/store';
import { createTable } from '../../adapters/dynamodb/table';
import { openPostgresStore } from '../../adapters/postgres';
import type { Store } from '../../ports/repositories';
import type { LabConfig, StoreConfig } from './config';
import { lockDataDir } from './data-dir-lock';

/** PGlite's files live in their own folder so DATA_DIR can hold other things (secret, photos). */
export const pgliteDir = (dataDir: string) => join(dataDir, 'pglite');

/** The store could not be opened; the message says which one and why, without credentials. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** Opens the configured store, migrated (PostgreSQL) or with its table checked (DynamoDB). */
export async function openLabStore(config: Pick<LabConfig, 'store' | 'dataDir'>): Promise<Store> {
  const where = describeStore(config);
  try {
    return config.store.kind === 'postgres'
      ? await openPostgres(config.store.databaseUrl, config.dataDir)
      : await openDynamoDb(config.store);
  } catch (error) {
    throw new StoreUnavailableError(
      `could not open ${where}: ${error instanceof Error ? error.message : error}`,
      {
        cause: error,
      },
    );
  }
}

async function openPostgres(databaseUrl: string | undefined, dataDir: string): Promise<Store> {
  if (databaseUrl !== undefined) return (await openPostgresStore({ databaseUrl })).store;
  const release = await lockDataDir(dataDir);
  try {
    const { store } = await openPostgresStore({ dataDir: pgliteDir(dataDir) });
    return {
      ...store,
      close: async () => {
        try {
          await store.close();
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

type DynamoDbConfig = Extract<StoreConfig, { kind: 'dynamodb' }>;

/**
 * Credentials come from the SDK's usual chain (AWS_ACCESS_KEY_ID..., a profile, a role); timeouts and retries
 * as on Lambda (client-config.ts).
 */
export const dynamoDbClient = (config: DynamoDbConfig) =>
  new DynamoDBClient({
    ...dynamoDbClientDefaults,
    region: config.region,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
  });

async function openDynamoDb(config: DynamoDbConfig): Promise<Store> {
  const client = dynamoDbClient(config);
  try {
    if (config.createTable) await createTable(client, config.tableName);
    const store = createDynamoDbStore({
      client: DynamoDBDocumentClient.from(client),
      tableName: config.tableName,
    });
    await store.ping();
    return store;
  } catch (error) {
    client.destroy();
    throw error;
  }
}

/** "PGlite in /x/.data/pglite", "PostgreSQL at postgres://app:***@db:5432/app", "DynamoDB table t at ...". */
export function describeStore(config: Pick<LabConfig, 'store' | 'dataDir'>): string {
  const { store } = config;
  if (store.kind === 'dynamodb') {
    return `DynamoDB table ${store.tableName} (${store.endpoint ?? `AWS ${store.region}`})`;
  }
  return store.databaseUrl === undefined
    ? `PGlite in ${pgliteDir(config.dataDir)}`
    : `PostgreSQL at ${redactUrl(store.databaseUrl)}`;
}

export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}
