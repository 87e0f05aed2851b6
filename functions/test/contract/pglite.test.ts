import { openPostgresStore } from '../../src/adapters/postgres';
import { describeStoreContract } from './store-contract';

describeStoreContract('PGlite (in memory)', async () => {
  const { store } = await openPostgresStore();
  return { store, dispose: () => store.close() };
});
