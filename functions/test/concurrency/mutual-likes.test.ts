import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, migrate, pgPoolClient } from '../../src/adapters/postgres';
import type { Store } from '../../src/ports/repositories';
import { listMatches } from '../../src/services/matches/match-service';
import { swipe } from '../../src/services/swipes/swipe-service';
import { databaseUrlOrSkip, freshSchemaName } from '../postgres/server';
import { dynamoDbLocalSkipReason } from '../support/dynamodb-local';
import { openDynamoDbTestStore } from '../support/dynamodb-store';
import { aComplementaryPair } from '../support/matching-fixtures';
import { serviceDeps } from '../support/service-deps';

const PAIRS = 50;

interface World {
  name: string;
  open(): Promise<{ store: Store; dispose(): Promise<void> }> | null;
}

const databaseUrl = databaseUrlOrSkip();
const dynamoUnavailable = dynamoDbLocalSkipReason();

const worlds: World[] = [
  {
    name: 'PostgreSQL server (READ COMMITTED, a pool of 40 connections)',
    open: () => {
      if (!databaseUrl) return null;
      return (async () => {
        const schema = freshSchemaName();
        const admin = pgPoolClient(databaseUrl);
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.close();
        const client = pgPoolClient(databaseUrl, { schema, max: 40 });
        await migrate(client);
        return {
          store: createPostgresStore(client),
          dispose: async () => {
            await client.query(`DROP SCHEMA ${schema} CASCADE`);
            await client.close();
          },
        };
      })();
    },
  },
  {
    name: 'DynamoDB Local',
    open: () => (dynamoUnavailable === null ? openDynamoDbTestStore() : null),
  },
];

describe.each(worlds)('$name: mutual likes racing', (world) => {
  let opened: { store: Store; dispose(): Promise<void> } | null = null;

  beforeAll(async () => {
    opened = await world.open();
  }, 60_000);
  afterAll(async () => {
    await opened?.dispose();
  });

  it(`${PAIRS} pairs liking each other at the same moment make exactly ${PAIRS} matches, each seen by both`, async (context) => {
    if (!opened) return context.skip();
    const deps = serviceDeps(opened.store);
    const pairs = await Promise.all(Array.from({ length: PAIRS }, () => aComplementaryPair(deps.store)));
    const likeBothWays = () =>
      Promise.all(
        pairs.flatMap(({ woman, man }) => [
          swipe(deps, woman.id, { targetUserId: man.id, decision: 'like' }),
          swipe(deps, man.id, { targetUserId: woman.id, decision: 'like' }),
        ]),
      );

    const answers = await likeBothWays();
    // Whichever like came second answers the match; the first may have answered before it existed.
    for (let index = 0; index < PAIRS; index += 1) {
      const [hers, his] = [answers[2 * index], answers[2 * index + 1]];
      expect(hers?.matched || his?.matched).toBe(true);
    }
    const matchIds = new Set<string>();
    for (const { woman, man } of pairs) {
      const [hers, his] = await Promise.all([
        listMatches(deps, woman.id, { limit: 10 }),
        listMatches(deps, man.id, { limit: 10 }),
      ]);
      expect(hers.items).toHaveLength(1);
      expect(his.items).toHaveLength(1);
      expect(hers.items[0]?.user.userId).toBe(man.id);
      expect(his.items[0]?.matchId).toBe(hers.items[0]?.matchId);
      matchIds.add(hers.items[0]?.matchId ?? '');
      // Each side was told exactly once.
      for (const person of [woman, man]) {
        expect(deps.notifier.eventsFor(person.id).map((event) => event.type)).toEqual(['match']);
      }
    }
    expect(matchIds.size).toBe(PAIRS);

    // The same swipes again, all at once: the same matches, no new ones, no new events.
    const again = await likeBothWays();
    expect(again.every((answer) => answer.matched)).toBe(true);
    expect(new Set(again.map((answer) => answer.match?.matchId))).toEqual(matchIds);
    expect(deps.notifier.events).toHaveLength(2 * PAIRS);
  }, 120_000);
});
