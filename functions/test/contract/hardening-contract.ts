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

    it('pages through more than 1,000 events of one user, newest first, none lost or repeated', async () => {
      const userId = newId();
      const total = 1_050;
      const start = Date.UTC(2026, 5, 1);
      // ids in time order (ULIDs of successive milliseconds), written concurrently in batches to stay fast.
      const events = Array.from({ length: total }, (_, index) =>
        anEvent({ userId, id: newId(new Date(start + index)), at: new Date(start + index).toISOString() }),
      );
      for (let offset = 0; offset < total; offset += 100) {
        await Promise.all(events.slice(offset, offset + 100).map((event) => store().audit.append(event)));
      }
      await store().audit.append(anEvent());
      const newestFirst = [...events].reverse();

      const pages: AuditEvent[][] = [];
      let before: string | undefined;
      for (;;) {
        const page = await store().audit.listByUser(userId, 400, before);
        pages.push(page);
        before = page.at(-1)?.id;
        if (page.length < 400) break;
      }
      expect(pages.map((page) => page.length)).toEqual([400, 400, 250]);
      expect(pages.flat()).toEqual(newestFirst);
      expect(await store().audit.listByUser(userId, 2_000)).toEqual(newestFirst);
      expect(await store().audit.listByUser(userId, 3, events[1]?.id)).toEqual([events[0]]);
    }, 120_000);

    it('keeps events that concern no account', async () => {
      await expect(
        store().audit.append(anEvent({ userId: null, type: 'login_failed' })),
      ).resolves.toBeUndefined();
    });
  });
}
