import { openPostgresStore, pgPoolClient } from '../../src/adapters/postgres';
import { quoteIdentifier } from '../../src/adapters/postgres/sql-client';
import { databaseUrlOrSkip, freshSchemaName } from '../postgres/server';
import { dynamoDbLocalUnavailableReason } from '../support/dynamodb-local';
import { openDynamoDbTestStore } from '../support/dynamodb-store';
import { startTestServer, type TestServer, type TestServerOptions } from '../support/lab-server';

/** The lab runtime over real HTTP and WebSocket on one of the stores a deployment can have. */
export interface FuzzTarget {
  name: string;
  /** Why this store cannot run on this machine (the suite is skipped), or null. */
  unavailable: string | null;
  start(options?: Omit<TestServerOptions, 'store'>): Promise<TestServer>;
}

/** A server whose close() also disposes what was opened for it. */
const withCleanup = (server: TestServer, cleanup: () => Promise<void>): TestServer => ({
  ...server,
  async close() {
    try {
      await server.close(); // closes the store
    } finally {
      await cleanup();
    }
  },
});

/**
 * The stores the fuzzers run on (in CI on PostgreSQL and DynamoDB Local): the PostgreSQL server of
 * DATABASE_URL (CI always sets it), else PGlite, the same SQL in WebAssembly; and DynamoDB Local. With
 * REQUIRE_SERVICES=1 a store that cannot run is an error, not a skip: call this at the top of a test file.
 */
export function fuzzTargets(): FuzzTarget[] {
  const databaseUrl = databaseUrlOrSkip(); // throws when REQUIRE_SERVICES=1 and DATABASE_URL is unset
  const dynamoUnavailable = dynamoDbLocalUnavailableReason();
  if (dynamoUnavailable !== null && process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`REQUIRE_SERVICES=1 but DynamoDB Local cannot run: ${dynamoUnavailable}`);
  }
  const postgres: FuzzTarget = databaseUrl
    ? {
        name: 'PostgreSQL server',
        unavailable: null,
        async start(options = {}) {
          const schema = freshSchemaName();
          const { store } = await openPostgresStore({ databaseUrl, schema });
          const server = await startTestServer({ ...options, store });
          return withCleanup(server, async () => {
            const admin = pgPoolClient(databaseUrl);
            try {
              await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
            } finally {
              await admin.close();
            }
          });
        },
      }
    : { name: 'PGlite', unavailable: null, start: (options = {}) => startTestServer(options) };
  const dynamodb: FuzzTarget = {
    name: 'DynamoDB Local',
    unavailable: dynamoUnavailable,
    async start(options = {}) {
      const dynamo = await openDynamoDbTestStore();
      let server: TestServer;
      try {
        server = await startTestServer({ ...options, store: dynamo.store });
      } catch (error) {
        await dynamo.dispose().catch(() => undefined);
        throw error;
      }
      return withCleanup(server, () => dynamo.dispose().catch(() => undefined));
    },
  };
  return [postgres, dynamodb];
}
