import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCOVERY_BUDGET } from '../../src/adapters/dynamodb/discovery-plan';
import { newId } from '../../src/domain/ids';
import { createsMatch } from '../../src/domain/pair-facts';
import type { ProfileRecord } from '../../src/domain/records';
import { dynamoDbLocalSkipReason } from '../support/dynamodb-local';
import { type DynamoDbTestStore, openDynamoDbTestStore } from '../support/dynamodb-store';
import { aPerson, DISCOVERY_NOW, nextTown, northOf, type Person } from '../support/matching-fixtures';

/**
 * The documented bound of one `findCandidates` call (adapters/dynamodb/README.md "Discovery"): a GetItem of
 * the viewer's cursors, per round at most `queriesPerRound` Queries and ceil(itemsPerRound / 100) BatchGetItems
 * each for pair items and photos, at most `rounds` rounds, and one PutItem of the cursors.
 */
const batchesPerRound = 2 * Math.ceil(DISCOVERY_BUDGET.itemsPerRound / 100);
const REQUEST_BOUND = 1 + DISCOVERY_BUDGET.rounds * (DISCOVERY_BUDGET.queriesPerRound + batchesPerRound) + 1;

const unavailable = dynamoDbLocalSkipReason();

describe.skipIf(unavailable !== null)('DynamoDB discovery cost (DynamoDB Local)', () => {
  let subject: DynamoDbTestStore;
  const store = () => subject.store;

  beforeAll(async () => {
    subject = await openDynamoDbTestStore();
  }, 60_000);
  afterAll(async () => {
    await subject?.dispose();
  });

  /** Runs one discover and answers what it returned and which requests it sent. */
  async function discoverCounting(viewer: ProfileRecord, limit: number) {
    subject.resetRequests();
    const found = await store().discovery.findCandidates(viewer, { limit, now: DISCOVERY_NOW });
    const requests = subject.requests();
    expect(requests).not.toContain('ScanCommand');
    expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(REQUEST_BOUND);
    return { found, requests };
  }

  const count = (requests: string[], name: string) => requests.filter((request) => request === name).length;

  it('reads one cell with one Query and checks candidates in batches, not one by one', async () => {
    const town = nextTown();
    const viewer = await aPerson(store(), {
      gender: 'woman',
      interestedIn: ['man'],
      maxDistanceKm: 5,
      location: town,
    });
    for (let index = 0; index < 30; index += 1) {
      await aPerson(store(), {
        gender: 'man',
        interestedIn: ['woman'],
        location: northOf(town, (index % 3) * 0.5),
      });
    }
    const { found, requests } = await discoverCounting(viewer.profile, 20);
    expect(found).toHaveLength(20);
    // cursor GetItem, Query per cell, one BatchGetItem for pairs and one for photos: 30 candidates, not 30 requests.
    expect(count(requests, 'QueryCommand')).toBeLessThanOrEqual(4);
    expect(count(requests, 'BatchGetItemCommand')).toBe(2);
    expect(count(requests, 'GetItemCommand')).toBe(1);
    expect(requests.length).toBeLessThanOrEqual(8);
  });

  it('stays within the bound for the widest search: 500 km and every gender', async () => {
    const viewer = await aPerson(store(), {
      gender: 'nonbinary',
      interestedIn: ['woman', 'man', 'nonbinary'],
      maxDistanceKm: 500,
      ageMin: 18,
      ageMax: 99,
      location: nextTown(),
    });
    const { requests } = await discoverCounting(viewer.profile, 50);
    expect(count(requests, 'QueryCommand')).toBeLessThanOrEqual(
      DISCOVERY_BUDGET.queriesPerRound * DISCOVERY_BUDGET.rounds,
    );
  });

  it('works through a crowded cell: every call within the bound, everyone seen once, nobody skipped', async () => {
    const town = nextTown();
    const viewer = await aPerson(store(), {
      gender: 'woman',
      interestedIn: ['man'],
      maxDistanceKm: 3,
      ageMin: 18,
      ageMax: 99,
      location: town,
    });
    const crowd: Person[] = [];
    for (let batch = 0; batch < 700 / 50; batch += 1) {
      const people = Array.from({ length: 50 }, (_, offset) => {
        const index = batch * 50 + offset;
        return aPerson(store(), {
          gender: 'man',
          interestedIn: ['woman'],
          birthDate: `${1960 + (index % 40)}-0${1 + (index % 9)}-1${index % 10}`,
          ageMin: 18,
          ageMax: 99,
          location: town,
        });
      });
      crowd.push(...(await Promise.all(people)));
    }
    const seen = new Set<string>();
    let calls = 0;
    for (;;) {
      const { found } = await discoverCounting(viewer.profile, 50);
      calls += 1;
      if (found.length === 0) break;
      for (const candidate of found) {
        expect(seen.has(candidate.profile.userId)).toBe(false);
        seen.add(candidate.profile.userId);
        await store().swipes.record(
          {
            swiperId: viewer.id,
            targetId: candidate.profile.userId,
            decision: 'pass',
            createdAt: DISCOVERY_NOW.toISOString(),
          },
          newId(),
          createsMatch,
        );
      }
      expect(calls).toBeLessThan(40);
    }
    expect(seen.size).toBe(crowd.length);
  }, 240_000);
});
