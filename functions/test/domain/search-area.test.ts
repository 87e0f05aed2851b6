import fc from 'fast-check';
import geohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/domain/geo';
import { cellsCovering, estimateCellCount, geohashCellDegrees } from '../../src/domain/geohash-cells';
import { distanceToBoxKm, searchArea } from '../../src/domain/search-area';

const point = fc.record({
  lat: fc.double({ min: -85, max: 85, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

/** A point at `distanceKm` from `from` in direction `bearing` (radians), on the sphere of haversineKm. */
function destination(from: { lat: number; lon: number }, distanceKm: number, bearing: number) {
  const angular = distanceKm / 6371.0088;
  const lat1 = (from.lat * Math.PI) / 180;
  const lon1 = (from.lon * Math.PI) / 180;
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1),
      Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2),
    );
  const lon = (((((lon2 * 180) / Math.PI + 540) % 360) + 360) % 360) - 180;
  return { lat: (lat2 * 180) / Math.PI, lon };
}

const inside = (area: ReturnType<typeof searchArea>, p: { lat: number; lon: number }) =>
  p.lat >= area.minLat &&
  p.lat <= area.maxLat &&
  area.lonRanges.some(([west, east]) => p.lon >= west && p.lon <= east);

describe('search area', () => {
  it('contains every point within the radius, across the antimeridian and near the poles', () => {
    fc.assert(
      fc.property(
        point,
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (centre, radius, bearing, fraction) => {
          const target = destination(centre, radius * fraction, bearing);
          expect(haversineKm(centre, target)).toBeLessThanOrEqual(radius + 1e-6);
          expect(inside(searchArea(centre, radius), target)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('splits at the antimeridian and takes every longitude around a pole', () => {
    expect(searchArea({ lat: 0, lon: 179.9 }, 50).lonRanges).toHaveLength(2);
    expect(searchArea({ lat: 89.9, lon: 10 }, 50).lonRanges).toEqual([[-180, 180]]);
  });
});

describe('geohash cells covering an area', () => {
  it('include the cell of every point within the radius, nearest cells first', () => {
    fc.assert(
      fc.property(
        point,
        fc.double({ min: 1, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (centre, radius, bearing, fraction) => {
          const area = searchArea(centre, radius);
          const precision = estimateCellCount(area, 4) <= 400 ? 4 : 3;
          const cells = cellsCovering(area, precision);
          const target = destination(centre, radius * fraction, bearing);
          const [south, west, north, east] = geohash.decode_bbox(cells[0] ?? '');
          expect(distanceToBoxKm(centre, { south, west, north, east })).toBeLessThan(1e-6);
          expect(cells).toContain(geohash.encode(centre.lat, centre.lon, precision));
          expect(cells).toContain(geohash.encode(target.lat, target.lon, precision));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('knows the cell sizes', () => {
    expect(geohashCellDegrees(4)).toEqual({ lat: 180 / 1024, lon: 360 / 1024 });
    expect(geohashCellDegrees(3)).toEqual({ lat: 180 / 128, lon: 360 / 256 });
  });
});
