import { describe, expect, it } from 'vitest';
import { ageOn } from '../../src/domain/age';

describe('ageOn', () => {
  const on = (iso: string) => new Date(`${iso}T12:00:00Z`);

  it('turns 18 exactly on the birthday, not the day before', () => {
    expect(ageOn('2008-03-10', on('2026-03-09'))).toBe(17);
    expect(ageOn('2008-03-10', on('2026-03-10'))).toBe(18);
  });

  it('counts a 29 February birthday from 1 March in common years', () => {
    expect(ageOn('2004-02-29', on('2022-02-28'))).toBe(17);
    expect(ageOn('2004-02-29', on('2022-03-01'))).toBe(18);
  });
});
