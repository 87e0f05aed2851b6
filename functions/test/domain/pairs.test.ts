import { describe, expect, it } from 'vitest';
import { orderPair, otherUserOf, pairId, sideOf } from '../../src/domain/pairs';

describe('pairs', () => {
  it('names a pair the same way from both sides', () => {
    expect(pairId('01B', '01A')).toBe('01A#01B');
    expect(pairId('01A', '01B')).toBe('01A#01B');
    const pair = orderPair('01B', '01A');
    expect(sideOf(pair, '01A')).toBe('low');
    expect(sideOf(pair, '01B')).toBe('high');
    expect(otherUserOf(pair, '01A')).toBe('01B');
  });

  it('refuses a pair of one user', () => {
    expect(() => orderPair('01A', '01A')).toThrow();
  });
});
