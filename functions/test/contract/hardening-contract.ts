import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { AuditEvent } from '../../src/ports/audit-log';
import type { Store } from '../../src/ports/repositories';

export function describeRateLimitContract(store: () => Store): void {
  describe('rate limit counters', () => {
    it('counts hits per key and window', async () => {
      const key = `login:${newId()}`;
      expect(await store().rateLimits.hit(key, 1_000, 60)).toBe(1);
      expect(await store().rateLimits.hit(key, 1_000, 60)).toBe(2);
      expect(await store().rateLimits.hit(key, 1_060, 60)).toBe(1);
      expect(await store().rateLimits.hit(`${key}-other`, 1_000, 60)).toBe(1);
    });

    it('loses no hit when many arrive at once', async () => {
      const key = `burst:${newId()}`;
      const counts = await Promise.all(
        Array.from({ length: 20 }, () => store().rateLimits.hit(key, 5_000, 60)),
      );
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('gives a hit back: only in its window, never below zero, never creating a counter', async () => {
      const key = `release:${newId()}`;
      await store().rateLimits.hit(key, 2_000, 60);
      await store().rateLimits.hit(key, 2_000, 60);
      await store().rateLimits.hit(key, 2_060, 60);
      await store().rateLimits.release(key, 2_000);
      expect(await store().rateLimits.hit(key, 2_000, 60)).toBe(2);
      expect(await store().rateLimits.hit(key, 2_060, 60)).toBe(2);
      await Promise.all(Array.from({ length: 4 }, () => store().rateLimits.release(key, 2_000)));
      expect(await store().rateLimits.hit(key, 2_000, 60)).toBe(1);
      await store().rateLimits.release(`${key}-never-hit`, 2_000);
      expect(await store().rateLimits.hit(`${key}-never-hit`, 2_000, 60)).toBe(1);
    });
  });
}

export function describeAuditLogContract(store: () => Store): void {
  describe('audit log', () => {
    const anEvent = (overrides: Partial<AuditEvent> = {}): AuditEvent => ({
      id: newId(),
      type: 'login_succeeded',
      userId: newId(),
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0 (test)',
      at: new Date(Date.UTC(2026, 5, 1)).toISOString(),
      details: {},
      ...overrides,
    });

    it("appends events and lists a user's, newest first, with every field", async () => {
      const userId = newId();
      const first = anEvent({ userId, type: 'register', details: { method: 'password' } });
      const second = anEvent({ userId, type: 'login_failed', details: { attempts: 2, locked: false } });
      await store().audit.append(first);
      await store().audit.append(second);
      await store().audit.append(anEvent());
      expect(await store().audit.listByUser(userId, 10)).toEqual([second, first]);
      expect(await store().audit.listByUser(userId, 1)).toEqual([second]);
    });

    it('keeps events that concern no account', async () => {
      await expect(
        store().audit.append(anEvent({ userId: null, type: 'login_failed' })),
      ).resolves.toBeUndefined();
    });
  });
}
