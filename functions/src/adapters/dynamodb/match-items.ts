import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { MatchRecord } from '../../ports/matching';
import { type Item, optionalStringAttribute, stringAttribute } from './item-attributes';
import { matchesByActivityPartition, matchKey, matchSideKey, pairKey } from './keys';
import { GSI2, PARTITION_KEY } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const common = (match: MatchRecord) => ({
  matchId: match.id,
  userLow: match.userLow,
  userHigh: match.userHigh,
  createdAt: match.createdAt,
  lastActivityAt: match.lastActivityAt,
});

/** `MATCH#<id>`/`MATCH`: the match by id; `endedAt` once unmatched or blocked. */
export const matchHeaderItem = (match: MatchRecord): Item => ({
  ...matchKey(match.id),
  entity: 'match',
  ...common(match),
});

/** `USER#<id>`/`MATCH#<other>` for each side while the match is active; GSI2 orders them by last activity. */
export const matchSideItems = (match: MatchRecord): Item[] =>
  [
    [match.userLow, match.userHigh],
    [match.userHigh, match.userLow],
  ].map(([userId = '', otherUserId = '']) => ({
    ...matchSideKey(userId, otherUserId),
    entity: 'matchSide',
    ...common(match),
    userId,
    otherUserId,
    [GSI2.partitionKey]: matchesByActivityPartition(userId),
    [GSI2.sortKey]: matchActivitySortKey(match.lastActivityAt, match.id),
  }));

export const matchActivitySortKey = (lastActivityAt: string, matchId: string) =>
  `${lastActivityAt}#${matchId}`;

export const toMatch = (item: Item): MatchRecord => ({
  id: stringAttribute(item, 'matchId'),
  userLow: stringAttribute(item, 'userLow'),
  userHigh: stringAttribute(item, 'userHigh'),
  createdAt: stringAttribute(item, 'createdAt'),
  lastActivityAt: stringAttribute(item, 'lastActivityAt'),
  endedAt: optionalStringAttribute(item, 'endedAt'),
});

const mustBeNew = `attribute_not_exists(${PARTITION_KEY})`;

/**
 * Creates a match in one transaction: the pair gets `matchId` only if it still exists (an erasure in between
 * deletes it) and has none (the condition that makes it at most one per pair), plus `pairConditions` (nobody
 * blocked), the header and both side items. Whether the pair should match is the caller's rule, not this.
 */
export function createMatchActions(
  tableName: string,
  match: MatchRecord,
  pairConditions: string,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName,
        Key: pairKey(match.userLow, match.userHigh),
        UpdateExpression: 'SET matchId = :matchId',
        ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(matchId) AND ${pairConditions}`,
        ExpressionAttributeValues: { ':matchId': match.id },
      },
    },
    { Put: { TableName: tableName, Item: matchHeaderItem(match), ConditionExpression: mustBeNew } },
    ...matchSideItems(match).map((Item) => ({
      Put: { TableName: tableName, Item, ConditionExpression: mustBeNew },
    })),
  ];
}

/** Ends an active match in one transaction: `endedAt` on the header (only once), both side items deleted. */
export function endMatchActions(tableName: string, match: MatchRecord, at: string): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName,
        Key: matchKey(match.id),
        UpdateExpression: 'SET endedAt = :at',
        ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(endedAt)`,
        ExpressionAttributeValues: { ':at': at },
      },
    },
    { Delete: { TableName: tableName, Key: matchSideKey(match.userLow, match.userHigh) } },
    { Delete: { TableName: tableName, Key: matchSideKey(match.userHigh, match.userLow) } },
  ];
}
