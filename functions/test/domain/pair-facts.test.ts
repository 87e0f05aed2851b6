import { describe, expect, it } from 'vitest';
import { discoveryShows, mayViewProfile, type ViewingFacts } from '../../src/domain/eligibility';
import { createsMatch, isDoneWith, type PairFacts } from '../../src/domain/pair-facts';
import { aProfile } from '../contract/fixtures';

const nothing: PairFacts = { mine: null, theirs: null, blocked: false, match: 'none' };

describe('the match rule', () => {
  it('creates a match for two likes, no block and no match yet, and for nothing else', () => {
    expect(createsMatch({ ...nothing, mine: 'like', theirs: 'like' })).toBe(true);
    expect(createsMatch({ ...nothing, mine: 'like', theirs: null })).toBe(false);
    expect(createsMatch({ ...nothing, mine: 'like', theirs: 'pass' })).toBe(false);
    expect(createsMatch({ ...nothing, mine: 'pass', theirs: 'like' })).toBe(false);
    expect(createsMatch({ ...nothing, mine: 'like', theirs: 'like', match: 'active' })).toBe(false);
    // An ended match (unmatch, block) is never made again.
    expect(createsMatch({ ...nothing, mine: 'like', theirs: 'like', match: 'ended' })).toBe(false);
    expect(createsMatch({ ...nothing, mine: 'like', theirs: 'like', blocked: true })).toBe(false);
  });

  it('is done with whoever the viewer swiped or either blocked', () => {
    expect(isDoneWith(nothing)).toBe(false);
    const theyLiked: PairFacts = { ...nothing, theirs: 'like' };
    expect(isDoneWith(theyLiked)).toBe(false);
    expect(isDoneWith({ ...nothing, mine: 'pass' })).toBe(true);
    expect(isDoneWith({ ...nothing, blocked: true })).toBe(true);
  });
});

describe('who may see a public profile', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const her = aProfile('A', { gender: 'woman', interestedIn: ['man'], birthDate: '1994-01-01' });
  const him = aProfile('B', {
    gender: 'man',
    interestedIn: ['woman'],
    birthDate: '1992-01-01',
    location: { lat: her.location.lat + 0.05, lon: her.location.lon },
  });
  const stranger = { ...him, userId: 'C', interestedIn: ['man' as const] };
  const shown: ViewingFacts = { ...nothing, candidateHasReadyPhoto: true };

  it('answers whom discovery would show the person to right now', () => {
    expect(discoveryShows(her, him, shown, now)).toBe(true);
    expect(mayViewProfile(her, him, shown, now)).toBe(true);
    // They liked me: discovery still shows them to me.
    expect(mayViewProfile(her, him, { ...shown, theirs: 'like' }, now)).toBe(true);
    expect(mayViewProfile(her, him, { ...shown, candidateHasReadyPhoto: false }, now)).toBe(false);
    expect(mayViewProfile(her, him, { ...shown, mine: 'pass' }, now)).toBe(false);
    expect(mayViewProfile(her, him, { ...shown, mine: 'like' }, now)).toBe(false);
    expect(mayViewProfile(her, stranger, shown, now)).toBe(false);
    expect(mayViewProfile(her, { ...him, maxDistanceKm: 1 }, shown, now)).toBe(false);
  });

  it('answers an active match whatever discovery says, never an ended one or a blocked pair', () => {
    const matched = { ...shown, mine: 'like' as const, theirs: 'like' as const, match: 'active' as const };
    expect(mayViewProfile(her, him, matched, now)).toBe(true);
    expect(
      mayViewProfile(her, { ...him, maxDistanceKm: 1 }, { ...matched, candidateHasReadyPhoto: false }, now),
    ).toBe(true);
    expect(mayViewProfile(her, him, { ...matched, match: 'ended' }, now)).toBe(false);
    expect(mayViewProfile(her, him, { ...matched, blocked: true }, now)).toBe(false);
    expect(mayViewProfile(her, him, { ...shown, blocked: true }, now)).toBe(false);
  });

  it('always answers the person themselves (a preview)', () => {
    expect(mayViewProfile(her, her, { ...shown, candidateHasReadyPhoto: false }, now)).toBe(true);
  });
});
