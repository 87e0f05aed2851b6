import type { Store } from '../../ports/repositories';
import { postgresProfiles } from './postgres-profiles';
import { postgresRefreshTokens } from './postgres-refresh-tokens';
import { postgresUsers } from './postgres-users';
import type { SqlClient } from './sql-client';

/** The Store on PostgreSQL (server or PGlite). Expects a migrated database (see `migrate`). */
export function createPostgresStore(client: SqlClient): Store {
  return {
    kind: 'postgres',
    users: postgresUsers(client),
    refreshTokens: postgresRefreshTokens(client),
    profiles: postgresProfiles(client),
    async ping() {
      await client.query('SELECT 1');
    },
    close: () => client.close(),
  };
}
