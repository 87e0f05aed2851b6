import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ConnectionRecord, ConnectionRepository, RealtimeTicketRepository } from '../../ports/chat';
import { epochSeconds, type Item, optionalStringAttribute, stringAttribute } from './item-attributes';
import {
  CONNECTION_PREFIX,
  connectionKey,
  REFERENCE_PREFIXES,
  realtimeTicketKey,
  referencesPartition,
  userConnectionKey,
  userPartition,
} from './keys';
import { queryPages } from './query-pages';
import { GSI1, PARTITION_KEY, SORT_KEY, type TableHandle, TTL_ATTRIBUTE } from './table';
import { transactWrite } from './transactions';

/** `TICKET#<hash>`/`TICKET`, TTL at expiry; consumed by one conditional DeleteItem. */
export function createDynamoDbRealtimeTickets(table: TableHandle): RealtimeTicketRepository {
  const { client, tableName } = table;
  return {
    async create(ticket) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...realtimeTicketKey(ticket.ticketHash),
            entity: 'realtimeTicket',
            userId: ticket.userId,
            ...(ticket.sessionId === undefined ? {} : { sessionId: ticket.sessionId }),
            createdAt: ticket.createdAt,
            expiresAtIso: ticket.expiresAt,
            [TTL_ATTRIBUTE]: epochSeconds(ticket.expiresAt),
            // Erasure's inverse index: an unused ticket may outlive its 60 s until TTL removes it.
            [GSI1.partitionKey]: referencesPartition(ticket.userId),
            [GSI1.sortKey]: `${REFERENCE_PREFIXES.ticket}${ticket.ticketHash}`,
          },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
    },

    /**
     * DeleteItem if `attribute_exists(PK)`, ReturnValues ALL_OLD: the condition makes concurrent uses
     * exclusive (one succeeds, the others fail it); an unconditional delete is not (DynamoDB Local answers the
     * old item to several of them).
     */
    async consume(ticketHash, now) {
      let old: Record<string, unknown> | undefined;
      try {
        ({ Attributes: old } = await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: realtimeTicketKey(ticketHash),
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
            ReturnValues: 'ALL_OLD',
          }),
        ));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return null;
        throw error;
      }
      if (!old) return null;
      if (stringAttribute(old, 'expiresAtIso') <= now) return null;
      return { userId: stringAttribute(old, 'userId'), sessionId: optionalStringAttribute(old, 'sessionId') };
    },
  };
}

const connectionAttributes = (connection: ConnectionRecord) => ({
  entity: 'connection',
  connectionId: connection.id,
  userId: connection.userId,
  ...(connection.sessionId === undefined ? {} : { sessionId: connection.sessionId }),
  connectedAt: connection.connectedAt,
  expiresAtIso: connection.expiresAt,
  [TTL_ATTRIBUTE]: epochSeconds(connection.expiresAt),
});

const toConnection = (item: Item): ConnectionRecord => ({
  id: stringAttribute(item, 'connectionId'),
  userId: stringAttribute(item, 'userId'),
  ...(typeof item.sessionId === 'string' ? { sessionId: item.sessionId } : {}),
  connectedAt: stringAttribute(item, 'connectedAt'),
  expiresAt: stringAttribute(item, 'expiresAtIso'),
});

/**
 * A connection is two items written together: `CONN#<id>`/`CONN` (the gateway's lookups by id) and
 * `USER#<userId>`/`CONN#<id>` (fan-out: one Query per recipient). Both expire by TTL after 2 h; reads also
 * compare `expiresAtIso`, since TTL deletes late.
 */
export function createDynamoDbConnections(table: TableHandle): ConnectionRepository {
  const { client, tableName } = table;
  return {
    async add(connection) {
      await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...connectionKey(connection.id), ...connectionAttributes(connection) },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...userConnectionKey(connection.userId, connection.id),
                    ...connectionAttributes(connection),
                  },
                },
              },
            ],
          }),
        ),
      );
    },

    async get(connectionId, now) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: connectionKey(connectionId), ConsistentRead: true }),
      );
      if (!item) return null;
      const connection = toConnection(item);
      return connection.expiresAt > now ? connection : null;
    },

    /** DeleteItem `CONN#<id>` (ALL_OLD names the user), then DeleteItem the user's copy. */
    async remove(connectionId) {
      const { Attributes: old } = await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: connectionKey(connectionId),
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (!old) return null;
      const connection = toConnection(old);
      await client.send(
        new DeleteCommand({ TableName: tableName, Key: userConnectionKey(connection.userId, connectionId) }),
      );
      return connection;
    },

    /** One Query per user (`USER#<id>`, `begins_with(SK, 'CONN#')`), in parallel. */
    async listByUsers(userIds, now) {
      const lists = await Promise.all(
        [...new Set(userIds)].map(async (userId) => {
          const found: ConnectionRecord[] = [];
          for await (const page of queryPages(table, {
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :conn)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
            ExpressionAttributeValues: { ':pk': userPartition(userId), ':conn': CONNECTION_PREFIX },
            ConsistentRead: true,
          })) {
            for (const item of page.Items ?? []) {
              const connection = toConnection(item);
              if (connection.expiresAt > now) found.push(connection);
            }
          }
          return found;
        }),
      );
      return lists.flat();
    },
  };
}
