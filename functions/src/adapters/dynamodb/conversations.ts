import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ConversationRef,
  ConversationRepository,
  ConversationState,
  MessageRecord,
  ReadMarker,
} from '../../ports/chat';
import { batchGetItems } from './batch-get';
import { asMap, type Item, stringAttribute } from './item-attributes';
import {
  clientMessageClaimKey,
  conversationPartition,
  type ItemKey,
  MESSAGE_PREFIX,
  matchKey,
  matchSideKey,
  messageKey,
  readMarkerKey,
} from './keys';
import { matchActivitySortKey } from './match-items';
import { queryPages } from './query-pages';
import { GSI2, PARTITION_KEY, SORT_KEY, type TableHandle } from './table';
import { conditionFailed, transactWrite } from './transactions';

/** How often a read marker's unread recount is retried when messages keep arriving meanwhile. */
const RECOUNT_ATTEMPTS = 6;

const messageAttributes = (message: MessageRecord) => ({
  id: message.id,
  conversationId: message.conversationId,
  senderId: message.senderId,
  text: message.text,
  clientMessageId: message.clientMessageId,
  createdAt: message.createdAt,
});

export const toMessage = (item: Item): MessageRecord => ({
  id: stringAttribute(item, 'id'),
  conversationId: stringAttribute(item, 'conversationId'),
  senderId: stringAttribute(item, 'senderId'),
  text: stringAttribute(item, 'text'),
  clientMessageId: stringAttribute(item, 'clientMessageId'),
  createdAt: stringAttribute(item, 'createdAt'),
});

/** The conversation state denormalized onto a match side item (`USER#<id>`/`MATCH#<other>`). */
export const conversationStateOfSide = (side: Item): ConversationState => ({
  lastMessage: side.lastMessage === undefined ? null : toMessage(asMap(side.lastMessage, 'lastMessage')),
  unreadCount: typeof side.unreadCount === 'number' ? Math.max(0, side.unreadCount) : 0,
});

const otherParty = (conversation: ConversationRef, userId: string) =>
  conversation.userLow === userId ? conversation.userHigh : conversation.userLow;

const mustExist = `attribute_exists(${PARTITION_KEY})`;

/**
 * Messages `CONV#<id>`/`MSG#<ulid>`, claims `CONV#<id>`/`CMID#<sender>#<clientMessageId>`, read markers
 * `CONV#<id>`/`READ#<userId>`; last message, message count and unread count live on the two match side
 * items, so `GET /api/matches` reads them with the listing itself (README "Chat").
 */
export function createDynamoDbConversations(table: TableHandle): ConversationRepository {
  const { client, tableName } = table;

  const getItem = async (key: ItemKey) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  /** Side updates of a send: activity (GSI2 order), last message, and the counters. */
  const sideUpdate = (userId: string, otherUserId: string, message: MessageRecord, unread: boolean) => ({
    Update: {
      TableName: tableName,
      Key: matchSideKey(userId, otherUserId),
      UpdateExpression: `SET lastActivityAt = :at, #gsiSk = :gsiSk, lastMessage = :message ADD messageCount :one${
        unread ? ', unreadCount :one' : ''
      }`,
      // The side item exists only while the match is active: an ended match refuses the message.
      ConditionExpression: mustExist,
      ExpressionAttributeNames: { '#gsiSk': GSI2.sortKey },
      ExpressionAttributeValues: {
        ':at': message.createdAt,
        ':gsiSk': matchActivitySortKey(message.createdAt, message.conversationId),
        ':message': messageAttributes(message),
        ':one': 1,
      },
    },
  });

  /**
   * Sets the reader's unread count to the messages of the other party after the marker. Optimistic: the count
   * is written only if no message arrived since the side item was read (`messageCount` unchanged) and no
   * later marker was counted meanwhile; otherwise count again.
   */
  const recountUnread = async (conversation: ConversationRef, userId: string, upTo: string) => {
    const sideKey = matchSideKey(userId, otherParty(conversation, userId));
    for (let attempt = 1; attempt <= RECOUNT_ATTEMPTS; attempt += 1) {
      const side = await getItem(sideKey);
      if (!side) return; // the match ended: nothing lists it any more
      const seenCount = typeof side.messageCount === 'number' ? side.messageCount : 0;
      const counted = typeof side.readUpTo === 'string' && side.readUpTo > upTo ? side.readUpTo : upTo;
      let unread = 0;
      for await (const page of queryPages(
        table,
        {
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :msg)',
          FilterExpression: 'senderId <> :reader',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
          ExpressionAttributeValues: {
            ':pk': conversationPartition(conversation.id),
            ':msg': MESSAGE_PREFIX,
            ':reader': userId,
          },
          Select: 'COUNT',
          ConsistentRead: true,
        },
        { ...messageKey(conversation.id, counted) },
      )) {
        unread += page.Count ?? 0;
      }
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sideKey,
            UpdateExpression: 'SET unreadCount = :unread, readUpTo = :upTo',
            ConditionExpression: `${mustExist} AND ${
              seenCount === 0
                ? '(attribute_not_exists(messageCount) OR messageCount = :seen)'
                : 'messageCount = :seen'
            } AND (attribute_not_exists(readUpTo) OR readUpTo <= :upTo)`,
            ExpressionAttributeValues: { ':unread': unread, ':upTo': counted, ':seen': seenCount },
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  };

  return {
    /**
     * One TransactWriteItems: (0) Put the claim `CMID#<sender>#<clientMessageId>` if new, (1) Put the message,
     * (2) Update the match `SET lastActivityAt` if active, (3, 4) Update both match sides (which exist only
     * while the match is active). A retry's claim fails its condition and reads the first message.
     */
    async send(conversation, message) {
      const other = otherParty(conversation, message.senderId);
      const reasons = await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...clientMessageClaimKey(conversation.id, message.senderId, message.clientMessageId),
                    entity: 'messageClaim',
                    message: messageAttributes(message),
                  },
                  ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...messageKey(conversation.id, message.id),
                    entity: 'message',
                    ...messageAttributes(message),
                  },
                  ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: matchKey(conversation.id),
                  UpdateExpression: 'SET lastActivityAt = :at',
                  ConditionExpression: `${mustExist} AND attribute_not_exists(endedAt)`,
                  ExpressionAttributeValues: { ':at': message.createdAt },
                },
              },
              sideUpdate(message.senderId, other, message, false),
              sideUpdate(other, message.senderId, message, true),
            ],
          }),
        ),
      );
      if (reasons === null) return { status: 'created', message };
      if (conditionFailed(reasons, 2) || conditionFailed(reasons, 3) || conditionFailed(reasons, 4)) {
        return { status: 'closed' };
      }
      if (conditionFailed(reasons, 0)) {
        const claim = await getItem(
          clientMessageClaimKey(conversation.id, message.senderId, message.clientMessageId),
        );
        if (!claim) throw new Error('message claim conflict without a claim');
        return { status: 'duplicate', message: toMessage(asMap(claim.message, 'message')) };
      }
      throw new Error(`message ${message.id} already exists (id collision)`);
    },

    /** One Query: `before`/`after` start after that message's key (ExclusiveStartKey), in either direction. */
    async list(conversationId, { before, after, limit }) {
      const cursor = after ?? before;
      const input: QueryCommandInput = {
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :msg)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': conversationPartition(conversationId), ':msg': MESSAGE_PREFIX },
        ScanIndexForward: after !== undefined,
        Limit: limit,
        ConsistentRead: true,
        ...(cursor === undefined ? {} : { ExclusiveStartKey: { ...messageKey(conversationId, cursor) } }),
      };
      const { Items: items = [] } = await client.send(new QueryCommand(input));
      return items.map(toMessage);
    },

    async getMany(conversationId, messageIds) {
      const keys = [...new Set(messageIds)].map((id) => messageKey(conversationId, id));
      const items = await batchGetItems(table, keys, { consistentRead: true });
      return items.map(toMessage).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    /**
     * TransactWriteItems: ConditionCheck the message exists in the conversation; Update the marker only
     * forward (`upToMessageId < :id`). Then the reader's unread count is recounted (see recountUnread).
     */
    async markRead(conversation, userId, upToMessageId, at) {
      const reasons = await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: messageKey(conversation.id, upToMessageId),
                  ConditionExpression: mustExist,
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: readMarkerKey(conversation.id, userId),
                  UpdateExpression:
                    'SET #entity = :entity, conversationId = :conversation, userId = :user, upToMessageId = :id, updatedAt = :at',
                  ConditionExpression: 'attribute_not_exists(upToMessageId) OR upToMessageId < :id',
                  ExpressionAttributeNames: { '#entity': 'entity' },
                  ExpressionAttributeValues: {
                    ':entity': 'readMarker',
                    ':conversation': conversation.id,
                    ':user': userId,
                    ':id': upToMessageId,
                    ':at': at,
                  },
                },
              },
            ],
          }),
        ),
      );
      if (reasons !== null) return conditionFailed(reasons, 0) ? 'unknown_message' : 'unchanged';
      await recountUnread(conversation, userId, upToMessageId);
      return 'moved';
    },

    async readMarker(conversationId, userId): Promise<ReadMarker | null> {
      const item = await getItem(readMarkerKey(conversationId, userId));
      return item
        ? {
            conversationId: stringAttribute(item, 'conversationId'),
            userId: stringAttribute(item, 'userId'),
            upToMessageId: stringAttribute(item, 'upToMessageId'),
            updatedAt: stringAttribute(item, 'updatedAt'),
          }
        : null;
    },
  };
}
