import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn } from '../../src/domain/age';
import {
  areMutuallyEligible,
  birthDateRangeForAges,
  discoveryDistanceKm,
} from '../../src/domain/eligibility';
import { aProfile } from '../contract/fixtures';

const day = fc
  .date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('birth dates for an age range', () => {
  it('holds exactly the birth dates whose age is in the range, 29 February included', () => {
    fc.assert(
      fc.property(
        day,
        day,
        fc.integer({ min: 18, max: 99 }),
        fc.integer({ min: 0, max: 20 }),
        (birth, today, min, span) => {
          const now = new Date(`${today}T${String(birth.length % 24).padStart(2, '0')}:30:00Z`);
          const max = Math.min(99, min + span);
          const { earliest, latest } = birthDateRangeForAges(min, max, now);
          const age = ageOn(birth, now);
          expect(birth >= earliest && birth <= latest).toBe(age >= min && age <= max);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives valid calendar dates on 29 February', () => {
    const range = birthDateRangeForAges(30, 35, new Date('2028-02-29T10:00:00Z'));
    expect(range).toEqual({ earliest: '1992-03-01', latest: '1998-02-28' });
  });
});

describe('mutual eligibility', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const her = aProfile('A', {
    gender: 'woman',
    interestedIn: ['man'],
    birthDate: '1994-01-01',
    maxDistanceKm: 20,
  });
  const him = aProfile('B', {
    gender: 'man',
    interestedIn: ['woman'],
    birthDate: '1992-01-01',
    location: { lat: her.location.lat + 0.05, lon: her.location.lon },
  });

  it('needs both genders of interest, both age ranges and both distances', () => {
    expect(areMutuallyEligible(her, him, now)).toBe(true);
    expect(areMutuallyEligible(him, her, now)).toBe(true);
    expect(areMutuallyEligible(her, { ...him, interestedIn: ['man'] }, now)).toBe(false);
    expect(areMutuallyEligible(her, { ...him, ageMax: 31 }, now)).toBe(false);
    expect(areMutuallyEligible({ ...her, ageMin: 35 }, him, now)).toBe(false);
    expect(areMutuallyEligible(her, { ...him, maxDistanceKm: discoveryDistanceKm(her, him) - 1 }, now)).toBe(
      false,
    );
    expect(areMutuallyEligible(her, { ...him, maxDistanceKm: discoveryDistanceKm(her, him) }, now)).toBe(
      true,
    );
  });

  it('is symmetric and never includes oneself', () => {
    expect(areMutuallyEligible(her, her, now)).toBe(false);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (max, dLat) => {
          const a = { ...her, maxDistanceKm: max };
          const b = { ...him, location: { lat: her.location.lat + dLat, lon: her.location.lon } };
          expect(areMutuallyEligible(a, b, now)).toBe(areMutuallyEligible(b, a, now));
        },
      ),
    );
  });

  it("measures distance between grid cells, so moving inside one's cell changes nothing", () => {
    const moved = { ...her, location: { lat: her.location.lat + 0.0001, lon: her.location.lon + 0.0001 } };
    expect(discoveryDistanceKm(moved, him)).toBe(discoveryDistanceKm(her, him));
  });
});
