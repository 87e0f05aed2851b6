import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';
import { orderPair } from '../../domain/pairs';
import { batchGetItems } from './batch-get';
import { asMap, type Item, optionalStringAttribute, stringAttribute } from './item-attributes';
import {
  blockKey,
  CONNECTION_PREFIX,
  connectionKey,
  conversationPartition,
  discoveryCursorKey,
  emailClaimKey,
  type ItemKey,
  matchKey,
  matchSideKey,
  pairKey,
  REFERENCE_PREFIXES,
  REFRESH_FAMILY_PREFIX,
  REPORT_PREFIX,
  referencesPartition,
  refreshTokenKey,
  swipeKey,
  userKey,
  userPartition,
} from './keys';
import { readPair } from './pair-item';
import { type PagedQueryInput, queryPages } from './query-pages';
import { reportItem, toReport } from './reports';
import { jitteredBackoff } from './retry-backoff';
import { GSI1, GSI2, PARTITION_KEY, SORT_KEY, type TableHandle } from './table';
import { conditionFailed, transactWrite } from './transactions';

/** Items per Query page: what one step of the erasure holds in memory and acts on. */
const PAGE = 100;
const BATCH_WRITE_LIMIT = 25;
const MAX_WRITE_ATTEMPTS = 9;

const keyOf = (item: Item): ItemKey => ({
  [PARTITION_KEY]: stringAttribute(item, PARTITION_KEY),
  [SORT_KEY]: stringAttribute(item, SORT_KEY),
});

/** The other user named by a `SWIPE#<id>`, `BLOCK#<id>` or `MATCH#<id>` sort key of the user's partition. */
const RELATION_PREFIXES = ['SWIPE#', 'BLOCK#', 'MATCH#'];

/** Deletes the keys with BatchWriteItem (25 a call), retrying what DynamoDB leaves unprocessed. */
async function deleteAll({ client, tableName }: TableHandle, keys: readonly ItemKey[]): Promise<void> {
  const unique = [...new Map(keys.map((k) => [`${k[PARTITION_KEY]}\u0000${k[SORT_KEY]}`, k])).values()];
  for (let start = 0; start < unique.length; start += BATCH_WRITE_LIMIT) {
    let requests = unique
      .slice(start, start + BATCH_WRITE_LIMIT)
      .map((Key) => ({ DeleteRequest: { Key: { ...Key } as Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        // Throttled: 503, so the client retries (erasure is idempotent and finishes on a retry).
        throw new ServiceUnavailableError({ cause: new Error('BatchWriteItem left items unprocessed') });
      }
      if (attempt > 0) await jitteredBackoff(attempt, 50);
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }] : [],
      );
    }
  }
}

/** A Query, one page of at most PAGE items at a time (the caller acts on each page before the next is read). */
async function* itemPages(table: TableHandle, input: PagedQueryInput): AsyncGenerator<Item[]> {
  for await (const page of queryPages(table, { ...input, Limit: PAGE })) yield page.Items ?? [];
}

const partitionPages = (table: TableHandle, partition: string) =>
  itemPages(table, {
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': PARTITION_KEY },
    ExpressionAttributeValues: { ':pk': partition },
    ConsistentRead: true,
  });

const referencePages = (table: TableHandle, index: typeof GSI1 | typeof GSI2, userId: string) =>
  itemPages(table, {
    IndexName: index.indexName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': index.partitionKey },
    ExpressionAttributeValues: { ':pk': referencesPartition(userId) },
  });

/**
 * `eraseUser` on the single table (README "Erasure"). No Scan and no transaction over the whole account: the
 * items are found page by page through the user's partition and erasure's inverse index (`REF#<userId>` on
 * GSI1 and GSI2), and each page is dealt with before the next is read. Every step is idempotent and the user
 * item goes last, so a retry (DELETE /api/me again) finishes an interrupted erasure.
 */
export async function eraseUserItems(table: TableHandle, userId: string, tombstone: string): Promise<void> {
  const { client, tableName } = table;
  const { Item: user } = await client.send(
    new GetCommand({ TableName: tableName, Key: userKey(userId), ConsistentRead: true }),
  );
  const erasedPairs = new Set<string>([userId]);

  /**
   * Everything between the user and these others: the others' swipe, block and match-side items naming the
   * user, the pair's match and its whole conversation (both sides' messages, client-id claims, read markers),
   * then the pair item itself, last, since it is what leads a retry to the rest.
   */
  const erasePairs = async (others: readonly string[]) => {
    const fresh = [...new Set(others)].filter((other) => !erasedPairs.has(other));
    if (fresh.length === 0) return;
    const pairKeys = fresh.map((other) => {
      const { low, high } = orderPair(userId, other);
      return pairKey(low, high);
    });
    const [pairs, cursors] = await Promise.all([
      batchGetItems(table, pairKeys, { consistentRead: true }),
      batchGetItems(table, fresh.map(discoveryCursorKey), { consistentRead: true }),
    ]);
    await Promise.all(cursors.map(forgetCursorsAtUser));
    const keys: ItemKey[] = fresh.flatMap((other) => [
      swipeKey(other, userId),
      blockKey(other, userId),
      matchSideKey(other, userId),
    ]);
    for (const pair of pairs) {
      const { matchId } = readPair(pair);
      if (matchId === null) continue;
      keys.push(matchKey(matchId));
      for await (const page of partitionPages(table, conversationPartition(matchId))) {
        keys.push(...page.map(keyOf));
      }
    }
    await deleteAll(table, keys);
    await deleteAll(table, pairKeys);
    for (const other of fresh) erasedPairs.add(other);
  };

  /**
   * Another user's discovery cursors that stopped at the user's profile (`<birthDate>#<userId>`): removed, which
   * only means that viewer reads those cells from the start again (a cursor is a hint). Conditional on the
   * value, so a cursor that moved on meanwhile stays.
   */
  const forgetCursorsAtUser = async (item: Item) => {
    const cursors = item.cursors === undefined ? {} : asMap(item.cursors, 'cursors');
    const atUser = Object.entries(cursors).filter(
      ([, value]) => typeof value === 'string' && value.endsWith(`#${userId}`),
    );
    if (atUser.length === 0) return;
    const names = Object.fromEntries(atUser.map(([cell], index) => [`#c${index}`, cell]));
    const values = Object.fromEntries(atUser.map(([, value], index) => [`:c${index}`, value]));
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(item),
          UpdateExpression: `REMOVE ${atUser.map((_, index) => `cursors.#c${index}`).join(', ')}`,
          ConditionExpression: atUser.map((_, index) => `cursors.#c${index} = :c${index}`).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  /** A report about the user, kept for moderation: the reported id becomes the tombstone. */
  const pseudonymizeReported = async (item: Item) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(item),
          UpdateExpression: 'SET reportedUserId = :tombstone, #refPk = :refPk',
          ConditionExpression: 'reportedUserId = :userId',
          ExpressionAttributeNames: { '#refPk': GSI2.partitionKey },
          ExpressionAttributeValues: {
            ':tombstone': tombstone,
            ':refPk': referencesPartition(tombstone),
            ':userId': userId,
          },
        }),
      );
    } catch (error) {
      // Pseudonymized already (a retry reading a stale index page).
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  /**
   * A report the user made, kept for moderation: moved to the tombstone's partition with the reporter id
   * replaced and the user's free text dropped. One transaction, conditional on the original, so a retry
   * cannot copy it twice.
   */
  const moveReportMade = async (item: Item) => {
    const report = toReport(item);
    const moved = reportItem({ ...report, reporterId: tombstone, details: null });
    const reasons = await transactWrite(() =>
      client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: tableName,
                Key: keyOf(item),
                ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
              },
            },
            { Put: { TableName: tableName, Item: moved } },
          ],
        }),
      ),
    );
    if (reasons !== null && !conditionFailed(reasons, 0)) throw new Error('moving a report failed');
  };

  // 1. What other partitions hold about the user, through the inverse index (eventually consistent: step 2
  //    also starts from the user's own items, which a consistent Query reads).
  for (const index of [GSI1, GSI2]) {
    for await (const page of referencePages(table, index, userId)) {
      const others: string[] = [];
      const keys: ItemKey[] = [];
      for (const item of page) {
        const reference = stringAttribute(item, index.sortKey);
        if (reference.startsWith(REFERENCE_PREFIXES.pair)) {
          others.push(reference.slice(REFERENCE_PREFIXES.pair.length));
        } else if (reference.startsWith(REFERENCE_PREFIXES.report)) {
          await pseudonymizeReported(item);
        } else {
          // Refresh tokens, realtime tickets and account tokens.
          keys.push(keyOf(item));
        }
      }
      await erasePairs(others);
      await deleteAll(table, keys);
    }
  }

  // 2. The user's partition: profile (with its discovery index entries), photos, discovery cursor, swipes,
  //    blocks, match sides, refresh-token families (and each family's newest token), audit events,
  //    connections (and their by-id items); the pairs these name; reports made, moved to the tombstone.
  for await (const page of partitionPages(table, userPartition(userId))) {
    const others: string[] = [];
    const keys: ItemKey[] = [];
    for (const item of page) {
      const sortKey = stringAttribute(item, SORT_KEY);
      if (sortKey === userKey(userId)[SORT_KEY]) continue;
      if (sortKey.startsWith(REPORT_PREFIX)) {
        await moveReportMade(item);
        continue;
      }
      const relation = RELATION_PREFIXES.find((prefix) => sortKey.startsWith(prefix));
      if (relation) others.push(sortKey.slice(relation.length));
      if (sortKey.startsWith(CONNECTION_PREFIX)) {
        keys.push(connectionKey(sortKey.slice(CONNECTION_PREFIX.length)));
      }
      if (sortKey.startsWith(REFRESH_FAMILY_PREFIX)) {
        const latest = optionalStringAttribute(item, 'latestTokenHash');
        if (latest !== null) keys.push(refreshTokenKey(latest));
      }
      keys.push(keyOf(item));
    }
    await erasePairs(others);
    await deleteAll(table, keys);
  }

  // 3. Last, the email claim (the address can register again) and the user.
  const email = user ? optionalStringAttribute(user, 'email') : null;
  await deleteAll(table, [...(email === null ? [] : [emailClaimKey(email)]), userKey(userId)]);
}
