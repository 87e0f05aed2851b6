import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import type { Store } from '../../src/ports/repositories';

/**
 * The PostgreSQL counters sweep expired rows on a random 1 % of hits. The sweep must never take the counter the
 * same hit just counted, even when its window already looks over (a clock behind the database's): a burst
 * would restart from 1 and let requests past the limit. Found by the store contract's burst test on a server.
 */
describe('rate limit sweep (PostgreSQL adapter, PGlite)', () => {
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openPostgresStore();
    store = opened.store;
    close = () => opened.client.close();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await close?.();
  });

  it('keeps counting a window the database already considers expired, with a sweep on every hit', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // every hit sweeps
    const key = 'burst:sweep';
    const counts: number[] = [];
    for (let hit = 0; hit < 5; hit += 1) counts.push(await store.rateLimits.hit(key, 5_000, 60)); // 1970
    expect(counts).toEqual([1, 2, 3, 4, 5]);
  });
});
