import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrations, pgliteClient, pgPoolClient, type SqlClient } from '../../src/adapters/postgres';
import { databaseUrlOrSkip, freshSchemaName, skipReason } from './server';

const databaseUrl = databaseUrlOrSkip() ?? '';
const allVersions = migrations.map((migration) => migration.version);

async function recordedVersions(client: SqlClient): Promise<number[]> {
  const { rows } = await client.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  return rows.map((row) => row.version);
}

describe('migrate on PGlite', () => {
  it('applies every migration once, and nothing on a second run', async () => {
    const client = await pgliteClient(undefined);
    try {
      expect(await migrate(client)).toEqual({ applied: allVersions });
      expect(await migrate(client)).toEqual({ applied: [] });
      expect(await recordedVersions(client)).toEqual(allVersions);
    } finally {
      await client.close();
    }
  });

  it('rolls a failing migration back entirely and records nothing for it', async () => {
    const client = await pgliteClient(undefined);
    try {
      const broken = {
        version: 999,
        name: 'broken',
        statements: ['CREATE TABLE half (id int)', 'SELECT nope'],
      };
      await expect(migrate(client, [...migrations, broken])).rejects.toThrow();
      expect(await recordedVersions(client)).toEqual(allVersions);
      const half = await client.query("SELECT to_regclass('half') AS half");
      expect(half.rows[0]).toEqual({ half: null });
    } finally {
      await client.close();
    }
  });
});

// Without DATABASE_URL this suite is reported as skipped, with the reason (CI sets it and REQUIRE_SERVICES=1).
describe.skipIf(databaseUrl === '')(
  `migrate on a PostgreSQL server${databaseUrl === '' ? ` (${skipReason})` : ''}`,
  () => {
    describe('migrate on a PostgreSQL server', () => {
      const schema = freshSchemaName();
      // Two pools stand in for two replicas starting at the same time.
      const replicas: SqlClient[] = [];

      beforeAll(async () => {
        const admin = pgPoolClient(databaseUrl);
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.close();
        replicas.push(pgPoolClient(databaseUrl, { schema }), pgPoolClient(databaseUrl, { schema }));
      });

      afterAll(async () => {
        await replicas[0]?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await Promise.all(replicas.map((replica) => replica.close()));
      });

      it('lets two replicas migrate at once: both succeed, each version is applied once', async () => {
        const results = await Promise.all(replicas.map((replica) => migrate(replica)));
        expect(results.flatMap((result) => result.applied).sort((a, b) => a - b)).toEqual(allVersions);
        expect(await recordedVersions(replicas[0] as SqlClient)).toEqual(allVersions);
      });

      it('is idempotent: a second run applies nothing and records nothing twice', async () => {
        const [first] = replicas as [SqlClient];
        expect(await migrate(first)).toEqual({ applied: [] });
        expect(await recordedVersions(first)).toEqual(allVersions);
      });
    });
  },
);
