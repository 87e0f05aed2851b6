import { openPostgresStore } from '../../src/adapters/postgres';
import { postgresRows } from '../support/stored-rows';
import { describeStoreContract } from './store-contract';

describeStoreContract('PGlite (in memory)', async () => {
  const { store, client } = await openPostgresStore();
  return { store, rows: () => postgresRows(client), dispose: () => store.close() };
});
