import { describe, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import { databaseUrlOrSkip, freshSchemaName, skipReason } from '../postgres/server';
import { postgresRows } from '../support/stored-rows';
import { describeStoreContract } from './store-contract';

const databaseUrl = databaseUrlOrSkip();

if (databaseUrl) {
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
} else {
  describe.skip(`store contract: PostgreSQL server (${skipReason})`, () => {
    it('passes the store contract', () => {});
  });
}
