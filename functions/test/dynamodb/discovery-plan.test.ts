import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DISCOVERY_BUDGET,
  nextCursor,
  planDiscovery,
  readRange,
} from '../../src/adapters/dynamodb/discovery-plan';
import { genders } from '../../src/contract/profile';
import { aProfile } from '../contract/fixtures';

const now = new Date('2026-06-01T12:00:00Z');

describe('DynamoDB discovery plan', () => {
  it('never plans more queries or items per round than the budget, wherever and however wide', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -89.9, max: 89.9, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.subarray([...genders], { minLength: 1 }),
        (lat, lon, maxDistanceKm, interestedIn) => {
          const plan = planDiscovery(
            aProfile('V', { location: { lat, lon }, maxDistanceKm, interestedIn }),
            now,
          );
          expect(plan.queries.length).toBeGreaterThan(0);
          expect(plan.queries.length).toBeLessThanOrEqual(DISCOVERY_BUDGET.queriesPerRound);
          expect(plan.queries.length * plan.itemsPerQuery).toBeLessThanOrEqual(
            DISCOVERY_BUDGET.itemsPerRound,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses the fine cells for a city-sized radius and the coarse ones for a region', () => {
    const berlin = { lat: 52.52, lon: 13.405 };
    const near = planDiscovery(
      aProfile('V', { location: berlin, maxDistanceKm: 10, interestedIn: ['man'] }),
      now,
    );
    expect(near.tier).toBe('fine');
    expect(near.queries[0]?.partition).toMatch(/^DISC#man#u33[0-9a-z]$/);
    const far = planDiscovery(
      aProfile('V', { location: berlin, maxDistanceKm: 300, interestedIn: ['man'] }),
      now,
    );
    expect(far.tier).toBe('coarse');
    expect(far.queries[0]?.partition).toBe('DISC3#man#u33');
    expect(far.queries[0]?.indexName).toBe('GSI2');
  });

  it('reads the viewer’s age range as birth dates, from just after the cursor', () => {
    const plan = planDiscovery(aProfile('V', { ageMin: 30, ageMax: 35, interestedIn: ['woman'] }), now);
    const query = plan.queries[0];
    if (!query) throw new Error('no query');
    expect([query.from, query.to]).toEqual(['1990-06-02', '1996-06-01#~']);
    expect(readRange(query, undefined)).toEqual({ from: query.from, to: query.to });
    expect(readRange(query, '1991-01-01#01J')).toEqual({ from: '1991-01-01#01J ', to: query.to });
    // A cursor outside the range (the age range changed) starts over.
    expect(readRange(query, '1980-01-01#01J')).toEqual({ from: query.from, to: query.to });
  });

  it('moves the cursor past what the viewer is done with, never past someone still to show', () => {
    const page = (...states: Array<'live' | 'done' | 'hidden'>) => ({
      entries: states.map((state, index) => ({ sortKey: `k${index}`, state })),
      lastEvaluated: 'k9',
    });
    expect(nextCursor('k', page('done', 'done', 'live', 'done'))).toBe('k1');
    expect(nextCursor('k', page('live', 'done'))).toBe('k');
    expect(nextCursor('k', page('done', 'hidden', 'live'))).toBe('k0');
    expect(nextCursor('k', page('done', 'hidden', 'done'))).toBe('k9');
    expect(
      nextCursor('k', { entries: [{ sortKey: 'k0', state: 'done' }], lastEvaluated: null }),
    ).toBeUndefined();
  });
});
