import { describe } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import { databaseUrlOrSkip, freshSchemaName, skipReason } from '../postgres/server';
import { postgresRows } from '../support/stored-rows';
import { describeStoreContract } from './store-contract';

const databaseUrl = databaseUrlOrSkip() ?? '';

// Without DATABASE_URL this suite is reported as skipped, with the reason (CI sets it and REQUIRE_SERVICES=1).
describe.skipIf(databaseUrl === '')(
  `store contract: PostgreSQL server${databaseUrl === '' ? ` (${skipReason})` : ''}`,
  () => {
    describeStoreContract('PostgreSQL server', async () => {
      const schema = freshSchemaName();
      const { store, client } = await openPostgresStore({ databaseUrl, schema });
      return {
        store,
        rows: () => postgresRows(client),
        dispose: async () => {
          await client.query(`DROP SCHEMA ${schema} CASCADE`);
          await store.close();
        },
      };
    });
  },
);
