import { createTable } from '../../adapters/dynamodb/table';
import { migrate, migrations, pgliteClient, pgPoolClient, type SqlClient } from '../../adapters/postgres';
import type { LabConfig } from './config';
import { lockDataDir } from './data-dir-lock';
import { describeStore, dynamoDbClient, pgliteDir, StoreUnavailableError } from './open-store';

/** Migrating failed; the message names the store (without credentials) and the reason. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the configured store's schema up to date and says what it did: `npm run migrate`, and
 * `node dist/lab/main.js migrate` in the container (the chart's pre-install/pre-upgrade Job). Safe to
 * run while replicas start: PostgreSQL migrations serialize on an advisory lock.
 */
export async function runMigrations(
  config: Pick<LabConfig, 'store' | 'dataDir'>,
  print: (line: string) => void,
) {
  const where = describeStore(config);
  const { store } = config;
  if (store.kind === 'dynamodb') {
    const client = dynamoDbClient(store);
    try {
      await createTable(client, store.tableName);
      print(`${where}: table exists, TTL on`);
    } finally {
      client.destroy();
    }
    return;
  }

  let client: SqlClient;
  let release = async () => {};
  try {
    if (store.databaseUrl === undefined) {
      release = await lockDataDir(config.dataDir);
      client = await pgliteClient(pgliteDir(config.dataDir));
    } else {
      client = pgPoolClient(store.databaseUrl, { connectTimeoutMillis: 10_000 });
    }
  } catch (error) {
    await release();
    throw new StoreUnavailableError(
      `could not open ${where}: ${error instanceof Error ? error.message : error}`,
      {
        cause: error,
      },
    );
  }
  try {
    const { applied } = await migrate(client).catch((error: unknown) => {
      throw new MigrationError(
        `could not migrate ${where}: ${error instanceof Error ? error.message : error}`,
        {
          cause: error,
        },
      );
    });
    for (const version of applied) {
      print(`applied migration ${version} (${migrations.find((m) => m.version === version)?.name ?? '?'})`);
    }
    const latest = Math.max(0, ...migrations.map((migration) => migration.version));
    print(
      applied.length === 0
        ? `${where}: up to date at version ${latest}`
        : `${where}: ${applied.length} migration(s) applied, now at version ${latest}`,
    );
  } finally {
    await client.close();
    await release();
  }
}
