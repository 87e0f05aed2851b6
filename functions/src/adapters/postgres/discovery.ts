import { ageOn } from '../../domain/age';
import {
  ACTIVITY_BUCKET_MS,
  ACTIVITY_HALF_LIFE_DAYS,
  SCORE_WEIGHTS,
  SHARED_INTERESTS_CAP,
} from '../../domain/discovery-score';
import { birthDateRangeForAges } from '../../domain/eligibility';
import { EARTH_RADIUS_KM, snapToGrid } from '../../domain/geo';
import type { ProfileRecord } from '../../domain/records';
import { discoverySearchArea, type SearchArea } from '../../domain/search-area';
import type { DiscoveryRepository } from '../../ports/matching';
import { type PhotoRow, toPhoto } from './photos';
import { type ProfileRow, profileColumns, toProfile } from './profiles';
import type { SqlClient } from './sql-client';
import { isoFromTimestamp } from './sql-values';

/** Photos come back as JSON: the same names as their rows, timestamps as text. */
interface CandidateRow extends ProfileRow {
  photos: PhotoRow[];
}

/**
 * The public distance (domain/geo `publicDistanceKm`) between the viewer's cell centre ($8, $9) and the
 * candidate's stored one: the same haversine, operation for operation (degrees * pi / 180, x ^ 2), and
 * floor(x + 0.5) for Math.round (round() on double precision rounds half to even).
 */
const distanceKm = `GREATEST(1, floor(2 * ${EARTH_RADIUS_KM} * asin(LEAST(1, sqrt(
    sin(((p.grid_lat - $8) * pi() / 180) / 2) ^ 2
    + cos($8 * pi() / 180) * cos(p.grid_lat * pi() / 180) * sin(((p.grid_lon - $9) * pi() / 180) / 2) ^ 2
  ))) + 0.5))`;

/** discoveryScore's activity time: the later of the last activity and the last profile update. */
const activeAt = 'GREATEST(p.updated_at, COALESCE(p.last_active_at, p.updated_at))';

/** A constant of domain/discovery-score as an SQL literal (they are numbers of ours, never user input). */
const sqlNumber = (value: number): string => {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return `${value}::float8`;
};

/** domain/discovery-score `activityDay` of a timestamptz: whole UTC days since the epoch (exact: numeric). */
const activityDay = (at: string) => `floor(extract(epoch FROM ${at}) * 1000 / ${ACTIVITY_BUCKET_MS})`;

/**
 * domain/discovery-score `discoveryScore`, term for term and with its constants, on a sliced candidate `s`
 * (its km and active_at): proximity, shared interests (capped), activity by whole idle UTC days.
 */
const score = `${sqlNumber(SCORE_WEIGHTS.proximity)} * LEAST(1, GREATEST(0, 1 - s.km / $7::float8))
  + ${sqlNumber(SCORE_WEIGHTS.sharedInterests)} * LEAST(shared.n, ${SHARED_INTERESTS_CAP})::float8
      / ${sqlNumber(SHARED_INTERESTS_CAP)}
  + ${sqlNumber(SCORE_WEIGHTS.activity)} * power(0.5, GREATEST(0, ${activityDay('$15::timestamptz')}
      - ${activityDay('s.active_at')})::float8 / ${sqlNumber(ACTIVITY_HALF_LIFE_DAYS)})`;

/**
 * How many eligible people one call ranks at most: the most recently active ones of the search area. Above it,
 * the cost of a call no longer grows with how many people live in the area (see DiscoveryRepository).
 */
export const DISCOVERY_SLICE = 200;

/**
 * ONE statement per discover call. `profiles_discovery_idx (gender, floor(grid_lat), floor(grid_lon), activity
 * DESC, user_id, grid_lat, grid_lon, birth_date)` is read once per (gender of interest, whole-degree cell of the
 * search area), most recently active first, with the search box and the viewer's age range checked on index
 * entries; every other rule is checked on those rows only: not paused, the candidate's preferences, both maximum distances,
 * a ready photo, no swipe by the caller, no block either way (index probes; `OFFSET 0` keeps each one a per-row
 * subplan, so the planner cannot turn it into a join that reads and sorts the whole cell). Each cell stops after
 * DISCOVERY_SLICE eligible people; the DISCOVERY_SLICE most recently active of all cells are scored and the best
 * `limit` returned. So a call reads a bounded number of rows per cell whatever the density, and the ranking is
 * exact whenever the area holds at most DISCOVERY_SLICE eligible people. The photo lists are built for the
 * returned page only. The plan is checked (and printed with SHOW_PLANS=1) by
 * functions/test/postgres/discovery-plan.test.ts.
 */
const discoverSql = (lonCondition: string, verifiedCondition: string) => `
SELECT c.*, (
  SELECT json_agg(x ORDER BY x.position, x.created_at, x.id) FROM photos x
  WHERE x.user_id = c.user_id AND x.status = 'ready'
) AS photos
FROM (
  SELECT s.user_id, s.display_name, s.birth_date, s.gender, s.interested_in, s.age_min, s.age_max,
    s.max_distance_km, s.lat, s.lon, s.bio, s.interests, s.prompts, s.created_at, s.updated_at, s.paused_at,
    ${score} AS score
  FROM (
    SELECT q.* FROM unnest($3::text[]) g(gender)
    CROSS JOIN unnest($17::float8[], $18::float8[]) cell(lat, lon)
    CROSS JOIN LATERAL (
      SELECT ${profileColumns('p')}, ${activeAt} AS active_at, d.km
      FROM profiles p
      CROSS JOIN LATERAL (SELECT ${distanceKm} AS km) d
      WHERE p.gender = g.gender
        AND floor(p.grid_lat) = cell.lat
        AND floor(p.grid_lon) = cell.lon
        AND p.grid_lat BETWEEN $10 AND $11
        AND ${lonCondition}
        AND p.birth_date BETWEEN $5::date AND $6::date
        AND p.user_id <> $1
        AND p.visibility IS NULL
        AND p.paused_at IS NULL
        AND $2 = ANY(p.interested_in)
        AND $4 BETWEEN p.age_min AND p.age_max
        AND d.km <= LEAST($7, p.max_distance_km)
        AND EXISTS (SELECT 1 FROM photos x WHERE x.user_id = p.user_id AND x.status = 'ready' OFFSET 0)
        AND NOT EXISTS (SELECT 1 FROM swipes s WHERE s.swiper_id = $1 AND s.target_id = p.user_id OFFSET 0)
        AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $1 AND b.blocked_id = p.user_id OFFSET 0)
        AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p.user_id AND b.blocked_id = $1 OFFSET 0)
        ${verifiedCondition}
      ORDER BY ${activeAt} DESC, p.user_id
      LIMIT $19
    ) q
    ORDER BY q.active_at DESC, q.user_id
    LIMIT $19
  ) s
  CROSS JOIN LATERAL (SELECT count(*) AS n FROM unnest(s.interests) i WHERE i = ANY($14::text[])) shared
  ORDER BY score DESC, s.user_id COLLATE "C"
  LIMIT $16
) c
ORDER BY c.score DESC, c.user_id COLLATE "C"`;

/** The whole-degree cells (floor of latitude, floor of longitude) that the search area's box touches. */
function areaCells(area: SearchArea): { lats: number[]; lons: number[] } {
  const lats: number[] = [];
  const lons: number[] = [];
  for (let lat = Math.floor(area.minLat); lat <= Math.floor(area.maxLat); lat += 1) {
    for (const [west, east] of area.lonRanges) {
      for (let lon = Math.floor(west); lon <= Math.floor(east); lon += 1) {
        lats.push(lat);
        lons.push(lon);
      }
    }
  }
  return { lats, lons };
}

/**
 * The statement and its parameters for one viewer. An area across the antimeridian has two longitude ranges;
 * every other area has one, which the index then checks on its entries (an OR would be a row filter).
 */
export function discoverQuery(
  viewer: ProfileRecord,
  limit: number,
  now: Date,
  verifiedOnly = false,
): { text: string; params: unknown[] } {
  const area = discoverySearchArea(viewer.location, viewer.maxDistanceKm);
  const grid = snapToGrid(viewer.location);
  const births = birthDateRangeForAges(viewer.ageMin, viewer.ageMax, now);
  const cells = areaCells(area);
  const [first, second] = area.lonRanges as [[number, number], [number, number]?];
  const lonCondition = second
    ? '(p.grid_lon BETWEEN $12 AND $13 OR p.grid_lon BETWEEN $20 AND $21)'
    : 'p.grid_lon BETWEEN $12 AND $13';
  const params = [
    viewer.userId,
    viewer.gender,
    viewer.interestedIn,
    ageOn(viewer.birthDate, now),
    births.earliest,
    births.latest,
    viewer.maxDistanceKm,
    grid.lat,
    grid.lon,
    area.minLat,
    area.maxLat,
    first[0],
    first[1],
    viewer.interests,
    now.toISOString(),
    limit,
    cells.lats,
    cells.lons,
    Math.max(limit, DISCOVERY_SLICE),
    ...(second ?? []),
  ];
  // EMAIL_VERIFICATION=required: one primary-key probe of the candidate's account, like the checks above.
  const verifiedCondition = verifiedOnly
    ? 'AND EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id AND u.email_verified_at IS NOT NULL OFFSET 0)'
    : '';
  return { text: discoverSql(lonCondition, verifiedCondition), params };
}

export function createPostgresDiscovery(sql: SqlClient): DiscoveryRepository {
  return {
    async findCandidates(viewer, { limit, now, verifiedOnly = false }) {
      const { text, params } = discoverQuery(viewer, limit, now, verifiedOnly);
      const { rows } = await sql.query<CandidateRow>(text, params);
      return rows.map((row) => ({ profile: toProfile(row), photos: row.photos.map(toPhoto) }));
    },

    async recordActivity(userId, at) {
      await sql.query(
        `UPDATE profiles SET last_active_at = $2
         WHERE user_id = $1 AND (last_active_at IS NULL OR last_active_at < $2)`,
        [userId, at],
      );
    },
    async lastActiveAt(userId) {
      const { rows } = await sql.query<{ last_active_at: Date | string | null }>(
        'SELECT last_active_at FROM profiles WHERE user_id = $1',
        [userId],
      );
      const at = rows[0]?.last_active_at;
      return at === undefined || at === null ? null : isoFromTimestamp(at);
    },
  };
}
