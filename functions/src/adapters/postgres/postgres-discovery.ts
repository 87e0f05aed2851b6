import { ageOn } from '../../domain/age';
import { birthDateRangeForAges } from '../../domain/eligibility';
import { EARTH_RADIUS_KM, snapToGrid } from '../../domain/geo';
import type { ProfileRecord } from '../../domain/records';
import { discoverySearchArea } from '../../domain/search-area';
import type { DiscoveryRepository } from '../../ports/matching';
import { type PhotoRow, toPhoto } from './postgres-photos';
import { type ProfileRow, profileColumns, toProfile } from './postgres-profiles';
import type { SqlClient } from './sql-client';

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

/** domain/discovery-score `discoveryScore`, term for term. */
const score = `0.5 * LEAST(1, GREATEST(0, 1 - d.km / $7::float8))
  + 0.3 * LEAST(shared.n, 5)::float8 / 5
  + 0.2 * power(0.5, (GREATEST(0, extract(epoch FROM $15::timestamptz - GREATEST(p.updated_at,
      COALESCE(p.last_active_at, p.updated_at))) * 1000)::float8 / 86400000) / 7)`;

/**
 * ONE statement per discover call. `profiles_discovery_idx (gender, grid_lat, grid_lon)` narrows the rows
 * to the caller's genders of interest inside the search area's box; every other rule is checked on those
 * rows only: the candidate's preferences, both maximum distances, a ready photo, no swipe by the caller, no
 * block either way (index probes and anti-joins). The photo lists are built for the returned page only. The
 * plan is checked (and printed with SHOW_PLANS=1) by functions/test/postgres/discovery-plan.test.ts.
 */
const discoverSql = (lonCondition: string) => `
SELECT c.*, (
  SELECT json_agg(x ORDER BY x.position, x.created_at, x.id) FROM photos x
  WHERE x.user_id = c.user_id AND x.status = 'ready'
) AS photos
FROM (
  SELECT ${profileColumns('p')}, ${score} AS score
  FROM profiles p
  CROSS JOIN LATERAL (SELECT ${distanceKm} AS km) d
  CROSS JOIN LATERAL (SELECT count(*) AS n FROM unnest(p.interests) i WHERE i = ANY($14::text[])) shared
  WHERE p.gender = ANY($3::text[])
    AND p.grid_lat BETWEEN $10 AND $11
    AND ${lonCondition}
    AND p.user_id <> $1
    AND $2 = ANY(p.interested_in)
    AND p.birth_date BETWEEN $5::date AND $6::date
    AND $4 BETWEEN p.age_min AND p.age_max
    AND d.km <= LEAST($7, p.max_distance_km)
    AND EXISTS (SELECT 1 FROM photos x WHERE x.user_id = p.user_id AND x.status = 'ready')
    AND NOT EXISTS (SELECT 1 FROM swipes s WHERE s.swiper_id = $1 AND s.target_id = p.user_id)
    AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $1 AND b.blocked_id = p.user_id)
    AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p.user_id AND b.blocked_id = $1)
  ORDER BY score DESC, p.user_id COLLATE "C"
  LIMIT $16
) c
ORDER BY c.score DESC, c.user_id COLLATE "C"`;

/**
 * The statement and its parameters for one viewer. An area across the antimeridian has two longitude ranges;
 * every other area has one, which the index then checks on its entries (an OR would be a row filter).
 */
export function discoverQuery(
  viewer: ProfileRecord,
  limit: number,
  now: Date,
): { text: string; params: unknown[] } {
  const area = discoverySearchArea(viewer.location, viewer.maxDistanceKm);
  const grid = snapToGrid(viewer.location);
  const births = birthDateRangeForAges(viewer.ageMin, viewer.ageMax, now);
  const [first, second] = area.lonRanges as [[number, number], [number, number]?];
  const lonCondition = second
    ? '(p.grid_lon BETWEEN $12 AND $13 OR p.grid_lon BETWEEN $17 AND $18)'
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
    ...(second ?? []),
  ];
  return { text: discoverSql(lonCondition), params };
}

export function postgresDiscovery(sql: SqlClient): DiscoveryRepository {
  return {
    async findCandidates(viewer, { limit, now }) {
      const { text, params } = discoverQuery(viewer, limit, now);
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
  };
}
