import type { GeoPoint } from './records';

export const EARTH_RADIUS_KM = 6371.0088;
/** ~1.1 km of latitude: the resolution at which anyone's position is ever compared. */
const GRID_DEGREES = 0.01;

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Snaps a point to the centre of its ~1 km grid cell. Longitude cells widen towards the poles in degrees so
 * they stay about 1 km wide on the ground.
 */
export function snapToGrid(point: GeoPoint): GeoPoint {
  const latIndex = Math.floor(point.lat / GRID_DEGREES);
  const lat = Math.max(-90, Math.min(90, (latIndex + 0.5) * GRID_DEGREES));
  const lonStep = GRID_DEGREES / Math.max(Math.cos(toRadians(lat)), 0.01);
  const lon = (Math.floor(point.lon / lonStep) + 0.5) * lonStep;
  return { lat, lon: Math.max(-180, Math.min(180, lon)) };
}

/**
 * The only distance another user ever sees: whole kilometres between grid-cell centres, at least 1.
 * Moving one's own position by less than a cell changes nothing, so repeated queries cannot trilaterate
 * someone beyond the ~1 km cell they are in.
 */
export function publicDistanceKm(viewer: GeoPoint, subject: GeoPoint): number {
  return Math.max(1, Math.round(haversineKm(snapToGrid(viewer), snapToGrid(subject))));
}
