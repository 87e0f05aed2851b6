import { describe, expect, it } from 'vitest';
import {
  byScoreThenId,
  discoveryScore,
  idleDays,
  lastActivityAt,
  sharedInterestCount,
} from '../../src/domain/discovery-score';
import { aProfile } from '../contract/fixtures';

const now = new Date('2026-06-01T12:00:00Z');
const base = { distanceKm: 5, viewerMaxDistanceKm: 50, sharedInterests: 1, activeAt: now.toISOString(), now };

describe('discovery score', () => {
  it('prefers nearer, more in common, more recently active', () => {
    expect(discoveryScore({ ...base, distanceKm: 2 })).toBeGreaterThan(discoveryScore(base));
    expect(discoveryScore({ ...base, sharedInterests: 3 })).toBeGreaterThan(discoveryScore(base));
    expect(discoveryScore({ ...base, activeAt: '2026-05-01T12:00:00Z' })).toBeLessThan(discoveryScore(base));
  });

  it('weighs distance 0.5, interests 0.3 (capped at 5) and activity 0.2 (half-life one week)', () => {
    expect(discoveryScore({ ...base, distanceKm: 0, sharedInterests: 5 })).toBeCloseTo(1, 12);
    expect(discoveryScore({ ...base, distanceKm: 50, sharedInterests: 0 })).toBeCloseTo(0.2, 12);
    expect(discoveryScore({ ...base, distanceKm: 50, sharedInterests: 9 })).toBeCloseTo(0.5, 12);
    const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    expect(discoveryScore({ ...base, distanceKm: 50, sharedInterests: 0, activeAt: weekAgo })).toBeCloseTo(
      0.1,
      12,
    );
    // A clock skew into the future counts as "now", never above 1.
    const future = new Date(now.getTime() + 86_400_000).toISOString();
    expect(discoveryScore({ ...base, distanceKm: 50, sharedInterests: 0, activeAt: future })).toBeCloseTo(
      0.2,
      12,
    );
  });

  it('counts shared interests and takes the later of touch and profile edit as activity', () => {
    const a = aProfile('A', { interests: ['jazz', 'chess', 'coffee'] });
    const b = aProfile('B', { interests: ['coffee', 'jazz', 'hiking'] });
    expect(sharedInterestCount(a, b)).toBe(2);
    expect(lastActivityAt(null, '2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(lastActivityAt('2026-02-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe(
      '2026-02-01T00:00:00.000Z',
    );
    expect(lastActivityAt('2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });

  it('orders best first, ties by user id', () => {
    const list = [
      { userId: 'B', score: 0.5 },
      { userId: 'C', score: 0.9 },
      { userId: 'A', score: 0.5 },
    ];
    expect(list.sort(byScoreThenId).map((entry) => entry.userId)).toEqual(['C', 'A', 'B']);
  });

  it('counts activity in whole UTC days: everyone active today scores the same', () => {
    const at = (iso: string) => discoveryScore({ ...base, activeAt: iso });
    expect(at('2026-06-01T11:59:00Z')).toBe(at('2026-06-01T00:00:00Z'));
    expect(at('2026-06-01T00:00:00Z')).toBe(at(now.toISOString()));
    // One millisecond before midnight is yesterday: one idle day.
    expect(at('2026-05-31T23:59:59.999Z')).toBeLessThan(at('2026-06-01T00:00:00Z'));
    expect(at('2026-05-31T23:59:59.999Z')).toBe(at('2026-05-31T00:00:00Z'));
    expect(idleDays('2026-05-31T23:59:59.999Z', now)).toBe(1);
    expect(idleDays('2026-05-25T13:00:00Z', now)).toBe(7);
    expect(idleDays('2026-06-02T01:00:00Z', now)).toBe(0);
  });
});
