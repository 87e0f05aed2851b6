import type { Store } from '../../ports/repositories';
import { migrate, takeMigrationLock } from './migrate';
import { type PoolStats, pgliteClient, pgPoolClient, quoteIdentifier, type SqlClient } from './sql-client';
import { createPostgresStore } from './store';

export { type MigrateResult, migrate } from './migrate';
export type { Migration } from './migrations';
export { migrations } from './migrations';
export {
  type PgPoolOptions,
  pgliteClient,
  pgPoolClient,
  type QueryResult,
  type SqlClient,
  type SqlClientOptions,
} from './sql-client';
export { createPostgresStore } from './store';

/** The connection pool behind a store opened on a PostgreSQL server (for the lab runtime's `/metrics`). */
export const storePoolStats = new WeakMap<Store, () => PoolStats>();

export interface OpenPostgresStoreOptions {
  /** A PostgreSQL server; without it the store runs on PGlite. */
  databaseUrl?: string;
  /** PGlite's data directory; undefined keeps the database in memory. */
  dataDir?: string;
  /** Created when missing; every table lives in it. */
  schema?: string;
}

/** Connects (server when `databaseUrl` is set, else PGlite), migrates, and returns the store. */
export async function openPostgresStore(
  options: OpenPostgresStoreOptions = {},
): Promise<{ store: Store; client: SqlClient }> {
  const { databaseUrl, dataDir, schema } = options;
  const client = databaseUrl
    ? pgPoolClient(databaseUrl, { schema })
    : await pgliteClient(dataDir, { schema });
  try {
    if (schema !== undefined) {
      await client.transaction(async (tx) => {
        await takeMigrationLock(tx);
        await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      });
    }
    await migrate(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  const store = createPostgresStore(client);
  if (client.poolStats) storePoolStats.set(store, client.poolStats);
  return { store, client };
}
