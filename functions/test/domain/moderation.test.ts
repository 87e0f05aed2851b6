import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_HIDE, parseAutoHide, shouldAutoHide, standingOf } from '../../src/domain/moderation';

describe('account standing', () => {
  const now = new Date('2026-12-07T12:00:00.000Z');

  it('is suspended until the end date, then active again by itself', () => {
    const user = { status: 'suspended' as const, suspendedUntil: '2026-12-08T00:00:00.000Z' };
    expect(standingOf(user, now)).toEqual({ status: 'suspended', until: '2026-12-08T00:00:00.000Z' });
    expect(standingOf(user, new Date('2026-12-08T00:00:00.000Z'))).toEqual({ status: 'active' });
  });

  it('keeps a ban and a suspension without an end date', () => {
    expect(standingOf({ status: 'banned' }, now)).toEqual({ status: 'banned' });
    expect(standingOf({ status: 'suspended' }, now).status).toBe('suspended');
    expect(standingOf({ status: 'active' }, now)).toEqual({ status: 'active' });
  });
});

describe('auto-hide setting (MODERATION_AUTO_HIDE)', () => {
  it('reads <reporters>/<seconds>, off, and the default', () => {
    expect(parseAutoHide(undefined)).toEqual(DEFAULT_AUTO_HIDE);
    expect(parseAutoHide('5/3600')).toEqual({ threshold: 5, windowSeconds: 3600 });
    expect(shouldAutoHide(100, parseAutoHide('off'))).toBe(false);
    expect(shouldAutoHide(2, parseAutoHide('3/600'))).toBe(false);
    expect(shouldAutoHide(3, parseAutoHide('3/600'))).toBe(true);
  });

  it('refuses anything else with a message naming the variable', () => {
    for (const bad of ['3', '0/600', '3/10', 'three/600', '3/600/1']) {
      expect(() => parseAutoHide(bad)).toThrow(/MODERATION_AUTO_HIDE/);
    }
  });
});
