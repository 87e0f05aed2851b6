import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteClient, pgPoolClient, type SqlClient } from '../../src/adapters/postgres';
import { databaseUrlOrSkip, freshSchemaName, skipReason } from './server';

const databaseUrl = databaseUrlOrSkip() ?? '';

type Open = () => Promise<{ client: SqlClient; dispose: () => Promise<void> }>;

function describeSqlClient(name: string, open: Open) {
  describe(`SqlClient on ${name}`, () => {
    let opened: Awaited<ReturnType<Open>> | undefined;
    let tables = 0;

    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.dispose();
    });

    /** Each test gets its own one-row table, so they share one (slow to start) database. */
    async function withCounter(run: (client: SqlClient, table: string) => Promise<void>) {
      const client = opened?.client;
      if (!client) throw new Error('the client did not open');
      tables += 1;
      const table = `counter_${tables}`;
      await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, n int NOT NULL)`);
      await client.query(`INSERT INTO ${table} VALUES (1, 0)`);
      await run(client, table);
    }
    const count = async (client: SqlClient, table: string) =>
      (await client.query<{ n: number }>(`SELECT n FROM ${table} WHERE id = 1`)).rows[0]?.n;

    it('keeps concurrent transactions from interleaving (no lost update)', async () => {
      await withCounter(async (client, table) => {
        await Promise.all(
          Array.from({ length: 10 }, () =>
            client.transaction(async (tx) => {
              const n = (await tx.query<{ n: number }>(`SELECT n FROM ${table} WHERE id = 1 FOR UPDATE`))
                .rows[0]?.n;
              await new Promise((resolve) => setTimeout(resolve, 2));
              await tx.query(`UPDATE ${table} SET n = $1 WHERE id = 1`, [(n ?? 0) + 1]);
            }),
          ),
        );
        expect(await count(client, table)).toBe(10);
      });
    });

    it('rolls back when the callback throws, and rolls back only the inner part of a nested one', async () => {
      await withCounter(async (client, table) => {
        await expect(
          client.transaction(async (tx) => {
            await tx.query(`UPDATE ${table} SET n = 5`);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await count(client, table)).toBe(0);
        await client.transaction(async (tx) => {
          await tx.query(`UPDATE ${table} SET n = 1`);
          await expect(
            tx.transaction(async (inner) => {
              await inner.query(`UPDATE ${table} SET n = 2`);
              await inner.query('SELECT nope');
            }),
          ).rejects.toThrow();
        });
        expect(await count(client, table)).toBe(1);
      });
    });

    it('refuses to report success for a transaction an error aborted', async () => {
      await withCounter(async (client, table) => {
        await expect(
          client.transaction(async (tx) => {
            await tx.query(`UPDATE ${table} SET n = 7`);
            await tx.query('SELECT nope').catch(() => undefined);
          }),
        ).rejects.toThrow('aborted');
        expect(await count(client, table)).toBe(0);
      });
    });
  });
}

describeSqlClient('PGlite', async () => {
  const client = await pgliteClient(undefined);
  return { client, dispose: () => client.close() };
});

// Without DATABASE_URL this suite is reported as skipped, with the reason (CI sets it and REQUIRE_SERVICES=1).
describe.skipIf(databaseUrl === '')(
  `SqlClient on a PostgreSQL server${databaseUrl === '' ? ` (${skipReason})` : ''}`,
  () => {
    describeSqlClient('a PostgreSQL server', async () => {
      const schema = freshSchemaName();
      const client = pgPoolClient(databaseUrl, { schema });
      await client.query(`CREATE SCHEMA ${schema}`);
      return {
        client,
        dispose: async () => {
          await client.query(`DROP SCHEMA ${schema} CASCADE`);
          await client.close();
        },
      };
    });

    describe('a pool on a PostgreSQL server, all of its connections busy', () => {
      it('queues a query past the connect timeout, which bounds only opening a connection', async () => {
        const client = pgPoolClient(databaseUrl, { max: 1, connectTimeoutMillis: 200 });
        try {
          const busy = client.query('SELECT pg_sleep(0.6)');
          const started = performance.now();
          const queued = await client.query<{ answer: number }>('SELECT 42 AS answer');
          expect(queued.rows).toEqual([{ answer: 42 }]);
          expect(performance.now() - started).toBeGreaterThan(400);
          await busy;
        } finally {
          await client.close();
        }
      });

      it('still gives up on the queue after the pool-wait bound', async () => {
        const client = pgPoolClient(databaseUrl, { max: 1, poolWaitTimeoutMillis: 200 });
        try {
          const busy = client.query('SELECT pg_sleep(0.6)');
          await expect(client.query('SELECT 1')).rejects.toThrow(/^timeout exceeded when trying to connect/);
          await busy;
        } finally {
          await client.close();
        }
      });
    });
  },
);
