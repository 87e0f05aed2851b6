import type { Photo } from '@dating/functions/contract';
import { describe, expect, it } from 'vitest';
import { pollInterval } from './get-photos';

const at = (iso: string, status: Photo['status']): Photo => ({ id: iso, status, createdAt: iso });
const now = Date.parse('2026-11-25T10:10:00.000Z');

describe('polling while photos process', () => {
  it('does not poll when nothing is pending', () => {
    expect(pollInterval(undefined, now)).toBe(false);
    expect(
      pollInterval(
        [at('2026-11-25T10:09:59.000Z', 'ready'), at('2026-11-25T10:00:00.000Z', 'rejected')],
        now,
      ),
    ).toBe(false);
  });

  it('polls every second for a fresh upload, then backs off for one that stays pending', () => {
    expect(pollInterval([at('2026-11-25T10:09:50.000Z', 'pending')], now)).toBe(1000);
    expect(pollInterval([at('2026-11-25T10:09:00.000Z', 'pending')], now)).toBe(3000);
    expect(pollInterval([at('2026-11-25T10:00:00.000Z', 'pending')], now)).toBe(10_000);
  });

  it('follows the newest pending photo', () => {
    const photos = [at('2026-11-25T10:00:00.000Z', 'pending'), at('2026-11-25T10:09:58.000Z', 'pending')];
    expect(pollInterval(photos, now)).toBe(1000);
  });
});
