import { DynamoDBClient, type PutItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../src/adapters/dynamodb/item-attributes';
import {
  blockKey,
  blocksByTimePartition,
  pairKey,
  photosKey,
  swipeKey,
} from '../../src/adapters/dynamodb/keys';
import { pairAttribute } from '../../src/adapters/dynamodb/pair-item';
import { createDynamoDbStore } from '../../src/adapters/dynamodb/store';
import { GSI2 } from '../../src/adapters/dynamodb/table';
import { orderPair, sideOf } from '../../src/domain/pairs';
import type { ProfileRecord } from '../../src/domain/records';
import type { BenchActivity, BenchPerson } from './population';

/** BatchWriteItem takes at most 25 puts per request. */
const BATCH = 25;

/**
 * The exact item `profiles.put` writes (keys, GSI1/GSI2 discovery keys, every attribute), taken from the store
 * itself: a store on a client whose middleware keeps each PutItem's document and never sends it.
 */
function profileItemMaker(): (profile: ProfileRecord) => Promise<Item> {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'capture', secretAccessKey: 'capture' },
  });
  let captured: Item | undefined;
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input: unknown = args.input;
      if (
        context.commandName !== 'PutItemCommand' ||
        typeof input !== 'object' ||
        input === null ||
        !('Item' in input)
      ) {
        throw new Error(`profile capture: unexpected ${String(context.commandName)}`);
      }
      captured = input.Item as Item;
      const output: PutItemCommandOutput = { $metadata: {} };
      return { output, response: undefined };
    },
    // The initialize step sees the document client's input before it is marshalled.
    { step: 'initialize', priority: 'low', name: 'captureProfileItem' },
  );
  const store = createDynamoDbStore({ client: DynamoDBDocumentClient.from(client), tableName: 'capture' });
  return async (profile) => {
    captured = undefined;
    await store.profiles.put(profile);
    if (captured === undefined) throw new Error('profile capture: profiles.put sent no PutItem');
    return captured;
  };
}

/** The photos item as `photos.add` + `markProcessed` leave it (README "Photos"). */
function photosItem(person: BenchPerson): Item {
  const at = person.profile.createdAt;
  const ready = person.photos.filter((photo) => photo.status === 'ready').length;
  return {
    ...photosKey(person.profile.userId),
    entity: 'photos',
    userId: person.profile.userId,
    photos: Object.fromEntries(
      person.photos.map((photo) => [
        photo.id,
        {
          status: photo.status,
          contentType: 'image/jpeg',
          declaredSize: 180_000,
          position: photo.position,
          createdAt: at,
          updatedAt: at,
        },
      ]),
    ),
    activeCount: person.photos.length,
    readyCount: ready,
    nextPosition: ready,
  };
}

/** Pair and swipe items as `swipes.record` leaves them, pair and block items as `blocks.block` does. */
function activityItems(activity: BenchActivity): Item[] {
  const items: Item[] = [];
  for (const swipe of activity.swipes) {
    const pair = orderPair(swipe.swiperId, swipe.targetId);
    const side = sideOf(pair, swipe.swiperId);
    items.push({
      ...pairKey(pair.low, pair.high),
      entity: 'pair',
      userLow: pair.low,
      userHigh: pair.high,
      [pairAttribute(side, 'Decision')]: swipe.decision,
      [pairAttribute(side, 'SwipedAt')]: swipe.createdAt,
    });
    items.push({
      ...swipeKey(swipe.swiperId, swipe.targetId),
      entity: 'swipe',
      swiperId: swipe.swiperId,
      targetId: swipe.targetId,
      decision: swipe.decision,
      createdAt: swipe.createdAt,
    });
  }
  for (const block of activity.blocks) {
    const pair = orderPair(block.blockerId, block.blockedId);
    items.push({
      ...pairKey(pair.low, pair.high),
      entity: 'pair',
      userLow: pair.low,
      userHigh: pair.high,
      [pairAttribute(sideOf(pair, block.blockerId), 'BlockedAt')]: block.createdAt,
    });
    items.push({
      ...blockKey(block.blockerId, block.blockedId),
      entity: 'block',
      blockerId: block.blockerId,
      blockedId: block.blockedId,
      createdAt: block.createdAt,
      [GSI2.partitionKey]: blocksByTimePartition(block.blockerId),
      [GSI2.sortKey]: `${block.createdAt}#${block.blockedId}`,
    });
  }
  return items;
}

/** Writes `items` with BatchWriteItem, 25 per request, `concurrency` requests at a time, retrying unprocessed ones. */
async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  concurrency: number,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const start = next;
      next += BATCH;
      let pending = items.slice(start, start + BATCH).map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        const { UnprocessedItems } = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
        );
        const left = UnprocessedItems?.[tableName] ?? [];
        pending = left.flatMap((request) =>
          request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : [],
        );
        if (pending.length > 0 && attempt >= 10) throw new Error('BatchWriteItem: items stayed unprocessed');
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export interface DynamoDbSeedReport {
  items: number;
  seconds: number;
}

/**
 * Writes the population's profile items (with `lastActiveAt`, as `recordActivity` sets it), photos items, and
 * the activity's pair, swipe and block items. User and email-claim items are not written: discovery never
 * reads them.
 */
export async function seedDynamoDb(
  client: DynamoDBClient,
  tableName: string,
  people: readonly BenchPerson[],
  activity: BenchActivity,
  log: (line: string) => void,
  concurrency = 8,
): Promise<DynamoDbSeedReport> {
  const started = performance.now();
  const documents = DynamoDBDocumentClient.from(client);
  const makeProfileItem = profileItemMaker();
  const items: Item[] = [];
  for (const person of people) {
    items.push({ ...(await makeProfileItem(person.profile)), lastActiveAt: person.lastActiveAt });
    items.push(photosItem(person));
  }
  items.push(...activityItems(activity));
  log(`  ${items.length} items built in ${((performance.now() - started) / 1000).toFixed(1)} s; writing`);
  const chunk = 20_000;
  for (let start = 0; start < items.length; start += chunk) {
    await batchWrite(documents, tableName, items.slice(start, start + chunk), concurrency);
    const done = Math.min(items.length, start + chunk);
    log(`  ${done} / ${items.length} items (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  return { items: items.length, seconds: (performance.now() - started) / 1000 };
}
