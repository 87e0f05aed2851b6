import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, pgliteClient, pgPoolClient, type SqlClient } from '../../src/adapters/postgres';
import { discoverQuery } from '../../src/adapters/postgres/discovery';
import { aProfile } from '../contract/fixtures';
import { databaseUrlOrSkip, freshSchemaName, skipReason } from './server';

const databaseUrl = databaseUrlOrSkip() ?? '';
const now = new Date('2026-06-01T12:00:00Z');

/**
 * A city-scale population straight in SQL: `count` users spread over five cities (within ~60 km of each
 * centre), all genders and ages, 6 in 7 with a ready photo; the viewer (user 1, in Berlin) has swiped 500 people
 * and blocked 20. The grid columns use migration 0003's SQL snapping.
 */
async function seedPopulation(sql: SqlClient, count: number): Promise<void> {
  const id = (expression: string) => `'01J' || lpad((${expression})::text, 23, '0')`;
  await sql.query(
    `INSERT INTO users (id, email, password_hash, status, created_at)
     SELECT ${id('i')}, 'u' || i || '@example.test', 'x', 'active', now() FROM generate_series(1, $1) i`,
    [count],
  );
  await sql.query(
    `INSERT INTO profiles (user_id, display_name, birth_date, gender, interested_in, age_min, age_max,
       max_distance_km, lat, lon, bio, interests, prompts, created_at, updated_at, grid_lat, grid_lon)
     SELECT ${id('i')}, 'P' || i, date '1960-01-01' + (i * 37 % 15000),
       (ARRAY['woman', 'man', 'nonbinary'])[1 + i % 3],
       CASE i % 4 WHEN 0 THEN ARRAY['man'] WHEN 1 THEN ARRAY['woman'] WHEN 2 THEN ARRAY['woman', 'man']
                  ELSE ARRAY['woman', 'man', 'nonbinary'] END,
       18 + i % 15, 35 + i % 40, 5 + i % 100, c.lat + (i::bigint * 7919 % 1000 - 500) / 1000.0 * 0.5,
       c.lon + (i::bigint * 104729 % 1000 - 500) / 1000.0 * 0.8, '', ARRAY['coffee', 'jazz'], '[]'::jsonb,
       now(), now() - (i % 30) * interval '1 day', 0, 0
     FROM generate_series(1, $1) i
     JOIN (VALUES (0, 52.52, 13.40), (1, 48.14, 11.58), (2, 53.55, 9.99), (3, 50.94, 6.96), (4, 50.11, 8.68))
       AS c(n, lat, lon) ON c.n = i % 5`,
    [count],
  );
  await sql.query(
    `UPDATE profiles SET grid_lat = GREATEST(-90, LEAST(90, (floor(lat / 0.01) + 0.5) * 0.01))`,
  );
  await sql.query(
    `UPDATE profiles SET grid_lon = (floor(lon / (0.01 / cos(grid_lat * pi() / 180))) + 0.5)
       * (0.01 / cos(grid_lat * pi() / 180))`,
  );
  await sql.query(
    `INSERT INTO photos (id, user_id, status, content_type, declared_size, position, created_at, updated_at)
     SELECT 'PH' || i, ${id('i')}, 'ready', 'image/jpeg', 1000, 0, now(), now()
     FROM generate_series(1, $1) i WHERE i % 7 <> 0`,
    [count],
  );
  await sql.query(
    `INSERT INTO swipes (swiper_id, target_id, decision, created_at)
     SELECT ${id('1')}, ${id('i')}, 'pass', now() FROM generate_series(2, 2500, 5) i`,
  );
  await sql.query(
    `INSERT INTO blocks (blocker_id, blocked_id, created_at)
     SELECT ${id('i')}, ${id('1')}, now() FROM generate_series(3, 400, 20) i`,
  );
  await sql.query('ANALYZE');
}

const viewer = aProfile('01J00000000000000000000001', {
  gender: 'man',
  interestedIn: ['woman'],
  birthDate: '1990-03-03',
  ageMin: 25,
  ageMax: 45,
  maxDistanceKm: 30,
  location: { lat: 52.52, lon: 13.4 },
  interests: ['coffee'],
});

async function explain(sql: SqlClient, analyze: boolean): Promise<string> {
  const { text, params } = discoverQuery(viewer, 20, now);
  const { rows } = await sql.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (${analyze ? 'ANALYZE, ' : ''}COSTS OFF) ${text}`,
    params,
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

function describePlan(
  name: string,
  open: () => Promise<{ sql: SqlClient; dispose(): Promise<void> }>,
  count: number,
) {
  describe(`discover's plan on ${name} (${count} profiles)`, () => {
    let opened: { sql: SqlClient; dispose(): Promise<void> } | undefined;

    beforeAll(async () => {
      opened = await open();
      await migrate(opened.sql);
      await seedPopulation(opened.sql, count);
    }, 120_000);
    afterAll(async () => {
      await opened?.dispose();
    });

    it('reads profiles through the discovery index, never a sequential scan of profiles', async () => {
      const sql = opened?.sql;
      if (!sql) throw new Error('not opened');
      const plan = await explain(sql, process.env.EXPLAIN_ANALYZE === '1');
      if (process.env.SHOW_PLANS === '1') console.log(`${name}:\n${plan}`);
      expect(plan).toMatch(
        /Index (Only )?Scan using profiles_discovery_idx on profiles|Bitmap Index Scan on profiles_discovery_idx/,
      );
      expect(plan).not.toMatch(/Seq Scan on profiles/);
      expect(plan).toContain('Limit');
    });
  });
}

describePlan(
  'PGlite',
  async () => {
    const sql = await pgliteClient(undefined);
    return { sql, dispose: () => sql.close() };
  },
  20_000,
);

// Without DATABASE_URL this suite is reported as skipped, with the reason (CI sets it and REQUIRE_SERVICES=1).
describe.skipIf(databaseUrl === '')(
  `discover's plan on a PostgreSQL server${databaseUrl === '' ? ` (${skipReason})` : ''}`,
  () => {
    describePlan(
      'a PostgreSQL server',
      async () => {
        const schema = freshSchemaName();
        const admin = pgPoolClient(databaseUrl);
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.close();
        const sql = pgPoolClient(databaseUrl, { schema });
        return {
          sql,
          dispose: async () => {
            await sql.query(`DROP SCHEMA ${schema} CASCADE`);
            await sql.close();
          },
        };
      },
      100_000,
    );
  },
);
