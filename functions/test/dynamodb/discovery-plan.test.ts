import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advanceCell,
  DISCOVERY_BUDGET,
  itemsPerQueryFor,
  nextCursor,
  nextReadRange,
  planDiscovery,
  readRange,
  startCell,
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
    // Someone hidden (no photo yet, out of distance) does not pin the cursor: they come round when it wraps.
    expect(nextCursor('k', page('done', 'hidden', 'live'))).toBe('k1');
    expect(nextCursor('k', page('hidden', 'live', 'hidden'))).toBe('k0');
    expect(nextCursor('k', page('done', 'hidden', 'done'))).toBe('k9');
    expect(
      nextCursor('k', { entries: [{ sortKey: 'k0', state: 'done' }], lastEvaluated: null }),
    ).toBeUndefined();
  });

  it('reads a cell on from where its last page stopped, then once from the start up to where the call began', () => {
    const plan = planDiscovery(aProfile('V', { ageMin: 30, ageMax: 35, interestedIn: ['woman'] }), now);
    const query = plan.queries[0];
    if (!query) throw new Error('no query');
    const key = (day: string) => `1993-01-${day}#01J`;
    const page = (
      states: Array<'live' | 'done' | 'hidden'>,
      days: string[],
      lastEvaluated: string | null,
    ) => ({
      entries: states.map((state, index) => ({ sortKey: key(days[index] ?? '01'), state })),
      lastEvaluated,
    });
    // From the stored cursor: a page with nobody to show moves the cursor along with the read.
    let cell = startCell(query, key('10'));
    expect(nextReadRange(query, cell)).toEqual({ from: `${key('10')} `, to: query.to });
    cell = advanceCell(cell, page(['done', 'hidden'], ['11', '12'], key('13')));
    expect(cell.cursor).toBe(key('13'));
    expect(nextReadRange(query, cell)).toEqual({ from: `${key('13')} `, to: query.to });
    // Someone to show: the cursor stops before them and stays, whatever the later pages hold.
    cell = advanceCell(cell, page(['done', 'live', 'done'], ['14', '15', '16'], key('16')));
    expect(cell.cursor).toBe(key('14'));
    cell = advanceCell(cell, page(['done'], ['17'], null));
    expect(cell.cursor).toBe(key('14'));
    // The end of the range: once more from its start, up to where the call began; then the cell is read out.
    expect(nextReadRange(query, cell)).toEqual({ from: query.from, to: key('10') });
    cell = advanceCell(cell, page(['hidden'], ['05'], null));
    expect(nextReadRange(query, cell)).toBeNull();
    expect(cell.cursor).toBe(key('14'));
    // Without a cursor the first read covers the whole range: no second pass.
    const fresh = advanceCell(startCell(query, undefined), page(['done'], ['01'], null));
    expect(nextReadRange(query, fresh)).toBeNull();
    expect(fresh.cursor).toBeUndefined();
    // A cursor outside the range (the age range changed) is dropped.
    expect(startCell(query, '1980-01-01#01J').cursor).toBeUndefined();
  });

  it('shares the whole item budget among the cells still being read', () => {
    expect(itemsPerQueryFor(12)).toBe(25);
    expect(itemsPerQueryFor(1)).toBe(DISCOVERY_BUDGET.itemsPerRound);
    for (let cells = 1; cells <= DISCOVERY_BUDGET.queriesPerRound; cells += 1)
      expect(cells * itemsPerQueryFor(cells)).toBeLessThanOrEqual(DISCOVERY_BUDGET.itemsPerRound);
  });
});
