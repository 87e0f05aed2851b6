import geohash from 'ngeohash';
import { distanceToBoxKm, type SearchArea } from './search-area';

/** Geohash cell sizes in degrees: 5 bits per character, alternating longitude and latitude, longitude first. */
export function geohashCellDegrees(precision: number): { lat: number; lon: number } {
  const bits = 5 * precision;
  return { lat: 180 / 2 ** Math.floor(bits / 2), lon: 360 / 2 ** Math.ceil(bits / 2) };
}

/** An upper bound of how many cells of `precision` the area's box spans, without listing them. */
export function estimateCellCount(area: SearchArea, precision: number): number {
  const size = geohashCellDegrees(precision);
  const rows = Math.ceil((area.maxLat - area.minLat) / size.lat) + 1;
  const columns = area.lonRanges.reduce(
    (sum, [west, east]) => sum + Math.ceil((east - west) / size.lon) + 1,
    0,
  );
  return rows * columns;
}

/** Rounding of the box corners inside ngeohash must not drop a cell that touches the circle. */
const EDGE_SLACK_KM = 1;

/**
 * The geohash cells of `precision` that intersect the area's circle, nearest first (by the distance from the
 * centre to the cell), ties by cell name so the answer is deterministic.
 */
export function cellsCovering(area: SearchArea, precision: number): string[] {
  const cells = new Set<string>();
  for (const [west, east] of area.lonRanges) {
    for (const cell of geohash.bboxes(area.minLat, west, area.maxLat, east, precision)) cells.add(cell);
  }
  return [...cells]
    .map((cell) => {
      const [south, west, north, east] = geohash.decode_bbox(cell);
      return { cell, distanceKm: distanceToBoxKm(area.center, { south, west, north, east }) };
    })
    .filter(({ distanceKm }) => distanceKm <= area.radiusKm + EDGE_SLACK_KM)
    .sort((a, b) => a.distanceKm - b.distanceKm || (a.cell < b.cell ? -1 : 1))
    .map(({ cell }) => cell);
}

export const geohashOf = (point: { lat: number; lon: number }, precision: number): string =>
  geohash.encode(point.lat, point.lon, precision);
