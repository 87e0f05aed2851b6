import { EARTH_RADIUS_KM, haversineKm, snapToGrid } from './geo';
import type { GeoPoint } from './records';

/**
 * The latitude band and longitude ranges (two when the area crosses the antimeridian) that contain every
 * point within a radius of a centre. Stores filter on it with an index before computing exact distances.
 */
export interface SearchArea {
  center: GeoPoint;
  radiusKm: number;
  minLat: number;
  maxLat: number;
  /** Inclusive [west, east] ranges with west <= east. */
  lonRanges: Array<[number, number]>;
}

const toDegrees = (radians: number) => (radians * 180) / Math.PI;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
/** Guards the box against rounding: a point exactly on the circle must not fall outside it. */
const MARGIN_DEGREES = 1e-9;

/**
 * Whom discovery must look at: candidates are compared by their grid-cell centres (see
 * `discoveryDistanceKm`), and a whole-km distance of at most `maxDistanceKm` means less than
 * `maxDistanceKm + 0.5` km between the centres. So the area is that circle around the viewer's cell centre,
 * and stores index candidates by their cell centre too.
 */
export const discoverySearchArea = (location: GeoPoint, maxDistanceKm: number): SearchArea =>
  searchArea(snapToGrid(location), maxDistanceKm + 0.5);

/** Bounding box of a spherical cap (J. P. Matuschek, "Finding Points Within a Distance of a Latitude/Longitude"). */
export function searchArea(center: GeoPoint, radiusKm: number): SearchArea {
  const angular = radiusKm / EARTH_RADIUS_KM;
  const minLat = center.lat - toDegrees(angular) - MARGIN_DEGREES;
  const maxLat = center.lat + toDegrees(angular) + MARGIN_DEGREES;
  if (minLat <= -90 || maxLat >= 90) {
    // The cap contains a pole: every longitude.
    return {
      center,
      radiusKm,
      minLat: Math.max(minLat, -90),
      maxLat: Math.min(maxLat, 90),
      lonRanges: [[-180, 180]],
    };
  }
  const deltaLon = toDegrees(Math.asin(Math.min(1, Math.sin(angular) / Math.cos(toRadians(center.lat)))));
  const west = center.lon - deltaLon - MARGIN_DEGREES;
  const east = center.lon + deltaLon + MARGIN_DEGREES;
  let lonRanges: Array<[number, number]>;
  if (east - west >= 360) lonRanges = [[-180, 180]];
  else if (west < -180)
    lonRanges = [
      [west + 360, 180],
      [-180, east],
    ];
  else if (east > 180)
    lonRanges = [
      [west, 180],
      [-180, east - 360],
    ];
  else lonRanges = [[west, east]];
  return { center, radiusKm, minLat, maxLat, lonRanges };
}

/** Distance from the centre to the nearest point of a lat/lon rectangle (0 inside it). */
export function distanceToBoxKm(
  center: GeoPoint,
  box: { south: number; west: number; north: number; east: number },
) {
  const lat = Math.min(Math.max(center.lat, box.south), box.north);
  let lon = center.lon;
  if (lon < box.west || lon > box.east) {
    // The nearer edge, measured around the globe both ways.
    const toWest = (((box.west - lon) % 360) + 360) % 360;
    const fromEast = (((lon - box.east) % 360) + 360) % 360;
    lon = toWest <= fromEast ? box.west : box.east;
  }
  return haversineKm(center, { lat, lon });
}
