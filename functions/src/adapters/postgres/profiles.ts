import { snapToGrid } from '../../domain/geo';
import type { ProfileRecord, PromptRecord } from '../../domain/records';
import type { ProfileRepository } from '../../ports/repositories';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

type Gender = ProfileRecord['gender'];

export interface ProfileRow {
  user_id: string;
  display_name: string;
  birth_date: string;
  gender: Gender;
  interested_in: Gender[];
  age_min: number;
  age_max: number;
  max_distance_km: number;
  lat: number;
  lon: number;
  bio: string;
  interests: string[];
  prompts: PromptRecord[];
  created_at: Date | string;
  updated_at: Date | string;
  /** Absent where a query does not select it (discovery shows visible profiles only). */
  visibility?: 'review' | 'restricted' | null;
  paused_at: Date | string | null;
}

/**
 * The columns `toProfile` reads, qualified by `alias`. birth_date as text: drivers turn `date` into a
 * local-midnight Date, which shifts the day.
 */
export const profileColumns = (p: string) =>
  `${p}.user_id, ${p}.display_name, to_char(${p}.birth_date, 'YYYY-MM-DD') AS birth_date, ${p}.gender,
   ${p}.interested_in, ${p}.age_min, ${p}.age_max, ${p}.max_distance_km, ${p}.lat, ${p}.lon, ${p}.bio,
   ${p}.interests, ${p}.prompts, ${p}.created_at, ${p}.updated_at, ${p}.visibility, ${p}.paused_at`;

export const toProfile = (row: ProfileRow): ProfileRecord => ({
  userId: row.user_id,
  displayName: row.display_name,
  birthDate: row.birth_date,
  gender: row.gender,
  interestedIn: row.interested_in,
  ageMin: row.age_min,
  ageMax: row.age_max,
  maxDistanceKm: row.max_distance_km,
  location: { lat: row.lat, lon: row.lon },
  bio: row.bio,
  interests: row.interests,
  prompts: row.prompts.map(({ question, answer }) => ({ question, answer })),
  createdAt: isoFromTimestamp(row.created_at),
  updatedAt: isoFromTimestamp(row.updated_at),
  ...(row.visibility ? { visibility: row.visibility } : {}),
  ...(row.paused_at === null ? {} : { pausedAt: isoFromTimestamp(row.paused_at) }),
});

export function createPostgresProfiles(sql: SqlClient): ProfileRepository {
  return {
    async get(userId) {
      const { rows } = await sql.query<ProfileRow>(
        `SELECT ${profileColumns('p')} FROM profiles p WHERE p.user_id = $1`,
        [userId],
      );
      return rows[0] ? toProfile(rows[0]) : null;
    },

    async put(profile) {
      // prompts go in as JSON text: `pg` would turn a JS array into a PostgreSQL array literal.
      // grid_lat/grid_lon: the ~1 km cell centre discovery compares (migration 0003), computed here only.
      const grid = snapToGrid(profile.location);
      await sql.query(
        `INSERT INTO profiles (user_id, display_name, birth_date, gender, interested_in, age_min, age_max,
           max_distance_km, lat, lon, bio, interests, prompts, created_at, updated_at, grid_lat, grid_lon)
         VALUES ($1, $2, $3::date, $4, $5::text[], $6, $7, $8, $9, $10, $11, $12::text[], $13::jsonb, $14, $15,
           $16, $17)
         ON CONFLICT (user_id) DO UPDATE SET
           display_name = EXCLUDED.display_name, birth_date = EXCLUDED.birth_date, gender = EXCLUDED.gender,
           interested_in = EXCLUDED.interested_in, age_min = EXCLUDED.age_min, age_max = EXCLUDED.age_max,
           max_distance_km = EXCLUDED.max_distance_km, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
           bio = EXCLUDED.bio, interests = EXCLUDED.interests, prompts = EXCLUDED.prompts,
           created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
           grid_lat = EXCLUDED.grid_lat, grid_lon = EXCLUDED.grid_lon`,
        [
          profile.userId,
          profile.displayName,
          profile.birthDate,
          profile.gender,
          profile.interestedIn,
          profile.ageMin,
          profile.ageMax,
          profile.maxDistanceKm,
          profile.location.lat,
          profile.location.lon,
          profile.bio,
          profile.interests,
          JSON.stringify(profile.prompts),
          profile.createdAt,
          profile.updatedAt,
          grid.lat,
          grid.lon,
        ],
      );
    },

    async setPaused(userId, pausedAt) {
      const { rows } = await sql.query<ProfileRow>(
        `UPDATE profiles p SET paused_at = CASE WHEN $2::timestamptz IS NULL THEN NULL
           ELSE COALESCE(p.paused_at, $2::timestamptz) END
         WHERE p.user_id = $1
         RETURNING ${profileColumns('p')}`,
        [userId, pausedAt],
      );
      return rows[0] ? toProfile(rows[0]) : null;
    },
  };
}
