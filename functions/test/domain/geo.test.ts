import { describe, expect, it } from 'vitest';
import { haversineKm, publicDistanceKm, snapToGrid } from '../../src/domain/geo';

const berlin = { lat: 52.52, lon: 13.405 };
const hamburg = { lat: 53.5511, lon: 9.9937 };

describe('distances shown to other users', () => {
  it('measures real distances', () => {
    expect(Math.round(haversineKm(berlin, hamburg))).toBe(255);
  });

  it('is whole kilometres and at least 1 for people in the same place', () => {
    expect(publicDistanceKm(berlin, berlin)).toBe(1);
    expect(Number.isInteger(publicDistanceKm(berlin, hamburg))).toBe(true);
  });

  it('cannot be used to trilaterate: small moves of the viewer change nothing inside a cell', () => {
    const subject = { lat: 52.5163, lon: 13.3777 };
    const seen = new Set<number>();
    // The attacker walks 50 m steps inside one grid cell and asks each time.
    for (let step = 0; step < 10; step++) {
      seen.add(publicDistanceKm({ lat: 52.5301 + step * 0.0004, lon: 13.4001 }, subject));
    }
    expect(seen.size).toBe(1);
  });

  it('answers the same for every position of the subject inside its cell', () => {
    const viewer = { lat: 48.8566, lon: 2.3522 };
    const cell = snapToGrid({ lat: 48.8601, lon: 2.2945 });
    const samples = [
      { lat: cell.lat - 0.0049, lon: cell.lon - 0.004 },
      { lat: cell.lat + 0.0049, lon: cell.lon + 0.004 },
      cell,
    ];
    expect(new Set(samples.map((point) => publicDistanceKm(viewer, point))).size).toBe(1);
  });

  it('snaps near the poles and the antimeridian without leaving valid coordinates', () => {
    for (const point of [
      { lat: 89.999, lon: 179.999 },
      { lat: -90, lon: -180 },
      { lat: 0, lon: 180 },
    ]) {
      const snapped = snapToGrid(point);
      expect(Math.abs(snapped.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(snapped.lon)).toBeLessThanOrEqual(180);
    }
  });
});
