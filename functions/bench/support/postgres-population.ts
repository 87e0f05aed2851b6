import type { SqlClient } from '../../src/adapters/postgres';
import { snapToGrid } from '../../src/domain/geo';
import type { BenchActivity, BenchPerson } from './population';

/** Rows per INSERT: one statement with one array parameter per column, unnested by PostgreSQL. */
const CHUNK = 10_000;

async function insertChunks<T>(
  sql: SqlClient,
  rows: readonly T[],
  statement: string,
  columns: Array<(row: T) => unknown>,
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await sql.query(
      statement,
      columns.map((column) => chunk.map(column)),
    );
  }
}

/**
 * Writes people, photos, swipes and blocks into a migrated schema with a few set-based INSERT ... SELECT FROM
 * unnest(...) statements (10,000 rows each), then ANALYZE. Rows are what the store's own writes produce: the
 * grid columns come from `snapToGrid`, as `profiles.put` computes them; multi-valued columns travel as
 * delimited text (unnest flattens nested arrays) and are split back in SQL.
 */
export async function seedPostgres(
  sql: SqlClient,
  people: readonly BenchPerson[],
  activity: BenchActivity,
): Promise<void> {
  await insertChunks(
    sql,
    people,
    `INSERT INTO users (id, email, password_hash, status, created_at)
     SELECT id, email, 'bench-no-login', 'active', created_at
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(id, email, created_at)`,
    [(p) => p.profile.userId, (p) => p.email, (p) => p.profile.createdAt],
  );
  await insertChunks(
    sql,
    people,
    `INSERT INTO profiles (user_id, display_name, birth_date, gender, interested_in, age_min, age_max,
       max_distance_km, lat, lon, bio, interests, prompts, created_at, updated_at, grid_lat, grid_lon,
       last_active_at)
     SELECT user_id, display_name, birth_date, gender, string_to_array(interested_in, ','), age_min, age_max,
       max_distance_km, lat, lon, bio, string_to_array(interests, '|'), prompts::jsonb, created_at, updated_at,
       grid_lat, grid_lon, last_active_at
     FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[],
       $9::float8[], $10::float8[], $11::text[], $12::text[], $13::text[], $14::timestamptz[],
       $15::timestamptz[], $16::float8[], $17::float8[], $18::timestamptz[])
       AS p(user_id, display_name, birth_date, gender, interested_in, age_min, age_max, max_distance_km, lat, lon,
         bio, interests, prompts, created_at, updated_at, grid_lat, grid_lon, last_active_at)`,
    [
      (p) => p.profile.userId,
      (p) => p.profile.displayName,
      (p) => p.profile.birthDate,
      (p) => p.profile.gender,
      (p) => p.profile.interestedIn.join(','),
      (p) => p.profile.ageMin,
      (p) => p.profile.ageMax,
      (p) => p.profile.maxDistanceKm,
      (p) => p.profile.location.lat,
      (p) => p.profile.location.lon,
      (p) => p.profile.bio,
      (p) => p.profile.interests.join('|'),
      (p) => JSON.stringify(p.profile.prompts),
      (p) => p.profile.createdAt,
      (p) => p.profile.updatedAt,
      (p) => snapToGrid(p.profile.location).lat,
      (p) => snapToGrid(p.profile.location).lon,
      (p) => p.lastActiveAt,
    ],
  );
  const photos = people.flatMap((person) =>
    person.photos.map((photo) => ({ ...photo, userId: person.profile.userId, at: person.profile.createdAt })),
  );
  await insertChunks(
    sql,
    photos,
    `INSERT INTO photos (id, user_id, status, content_type, declared_size, position, created_at, updated_at)
     SELECT id, user_id, status, 'image/jpeg', 180000, position, at, at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[]) AS x(id, user_id, status, position, at)`,
    [(p) => p.id, (p) => p.userId, (p) => p.status, (p) => p.position, (p) => p.at],
  );
  await insertChunks(
    sql,
    activity.swipes,
    `INSERT INTO swipes (swiper_id, target_id, decision, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`,
    [(s) => s.swiperId, (s) => s.targetId, (s) => s.decision, (s) => s.createdAt],
  );
  await insertChunks(
    sql,
    activity.blocks,
    `INSERT INTO blocks (blocker_id, blocked_id, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])`,
    [(b) => b.blockerId, (b) => b.blockedId, (b) => b.createdAt],
  );
  await sql.query('ANALYZE');
}
