import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import { DISCOVERY_SLICE } from '../../src/adapters/postgres/discovery';
import { newId } from '../../src/domain/ids';
import { createsMatch } from '../../src/domain/pair-facts';
import type { Store } from '../../src/ports/repositories';
import { aPerson, DISCOVERY_NOW, nextTown, type Person } from '../support/matching-fixtures';
import { databaseUrlOrSkip, freshSchemaName } from './server';

const now = DISCOVERY_NOW;
const databaseUrl = databaseUrlOrSkip();

/**
 * The PostgreSQL store's documented approximation (DiscoveryRepository, DISCOVERY_SLICE): with more eligible
 * people in the area than the slice, a call ranks only the most recently active ones. Someone idle who would
 * score best (every shared interest) is left out while DISCOVERY_SLICE more active people are eligible, and
 * ranks first as soon as the viewer has swiped enough of them.
 */
function describeSlice(name: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>) {
  describe(`discovery's candidate slice on ${name}`, () => {
    let opened: { store: Store; dispose(): Promise<void> } | undefined;
    const store = () => {
      if (!opened) throw new Error('not opened');
      return opened.store;
    };
    beforeAll(async () => {
      opened = await open();
    }, 60_000);
    afterAll(async () => {
      await opened?.dispose();
    });

    it('ranks the most recently active eligible people, exactly once they fit in the slice', async () => {
      const town = nextTown();
      const interests = ['climbing', 'coffee', 'jazz', 'chess', 'sailing'];
      const viewer = await aPerson(store(), {
        gender: 'woman',
        interestedIn: ['man'],
        interests,
        location: town,
      });
      const man = { gender: 'man' as const, interestedIn: ['woman' as const], location: town, interests: [] };
      const idleButBest = await aPerson(store(), {
        ...man,
        interests,
        updatedAt: '2026-03-01T00:00:00.000Z',
      });
      const active: Person[] = [];
      for (let index = 0; index < DISCOVERY_SLICE + 5; index += 1) {
        const person = await aPerson(store(), man);
        await store().discovery.recordActivity(
          person.id,
          new Date(now.getTime() - (index + 1) * 60_000).toISOString(),
        );
        active.push(person);
      }
      const seen = async () =>
        (await store().discovery.findCandidates(viewer.profile, { limit: 20, now })).map(
          (c) => c.profile.userId,
        );

      // The slice is the DISCOVERY_SLICE most recently active; the idle one is outside it. Within it, same
      // distance, no shared interests and activity on the same day score the same: ranked by id alone.
      const byId = (people: Person[]) => people.map((person) => person.id).sort();
      expect(await seen()).toEqual(byId(active.slice(0, DISCOVERY_SLICE)).slice(0, 20));

      // Swipe the 6 most active away: 199 more active people are left, so the idle one is in the slice, first.
      for (const person of active.slice(0, 6)) {
        await store().swipes.record(
          { swiperId: viewer.id, targetId: person.id, decision: 'pass', createdAt: now.toISOString() },
          newId(),
          createsMatch,
        );
      }
      expect(await seen()).toEqual([idleButBest.id, ...byId(active.slice(6)).slice(0, 19)]);
    }, 120_000);
  });
}

describeSlice('PGlite', async () => {
  const { store } = await openPostgresStore();
  return { store, dispose: () => store.close() };
});

if (databaseUrl) {
  describeSlice('a PostgreSQL server', async () => {
    const schema = freshSchemaName();
    const { store, client } = await openPostgresStore({ databaseUrl, schema });
    return {
      store,
      dispose: async () => {
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await store.close();
      },
    };
  });
}
