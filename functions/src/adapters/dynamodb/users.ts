import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UserRecord } from '../../domain/records';
import type { UserRepository } from '../../ports/repositories';
import { eraseUserItems } from './erasure';
import { type Item, oneOfAttribute, stringAttribute } from './item-attributes';
import { emailClaimKey, userKey } from './keys';
import { PARTITION_KEY, type TableHandle } from './table';
import { conditionFailed, transactWrite } from './transactions';

const USER_STATUSES = ['active', 'suspended'] as const;
/** Absent while mail reaches the address (email-deliverability.ts writes it). */
const UNDELIVERABLE = ['bounced', 'complained'] as const;

const userItem = (user: UserRecord): Item => ({
  ...userKey(user.id),
  entity: 'user',
  id: user.id,
  email: user.email,
  passwordHash: user.passwordHash,
  status: user.status,
  createdAt: user.createdAt,
});

const toUser = (item: Item): UserRecord => ({
  id: stringAttribute(item, 'id'),
  email: stringAttribute(item, 'email'),
  passwordHash: stringAttribute(item, 'passwordHash'),
  status: oneOfAttribute(item, 'status', USER_STATUSES),
  createdAt: stringAttribute(item, 'createdAt'),
  ...(item.emailDeliverability === undefined
    ? {}
    : { emailDeliverability: oneOfAttribute(item, 'emailDeliverability', UNDELIVERABLE) }),
  ...(item.emailVerifiedAt === undefined
    ? {}
    : { emailVerifiedAt: stringAttribute(item, 'emailVerifiedAt') }),
  ...(item.pendingEmail === undefined ? {} : { pendingEmail: stringAttribute(item, 'pendingEmail') }),
});

// Callers pass normalized emails; normalizing again is idempotent and keeps the claim keys honest.
const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function createDynamoDbUsers(table: TableHandle): UserRepository {
  const { client, tableName } = table;
  const getUser = async (id: string) => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: userKey(id), ConsistentRead: true }),
    );
    return item ? toUser(item) : null;
  };

  return {
    async create(user) {
      const mustBeNew = `attribute_not_exists(${PARTITION_KEY})`;
      const reasons = await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: userItem(user),
                  ConditionExpression: mustBeNew,
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...emailClaimKey(user.email), entity: 'emailClaim', userId: user.id },
                  ConditionExpression: mustBeNew,
                },
              },
            ],
          }),
        ),
      );
      if (reasons === null) return 'created';
      if (conditionFailed(reasons, 1)) return 'email_taken';
      throw new Error(`user ${user.id} already exists`);
    },

    findById: getUser,

    async findByEmail(email) {
      const { Item: claim } = await client.send(
        new GetCommand({ TableName: tableName, Key: emailClaimKey(email), ConsistentRead: true }),
      );
      return claim ? getUser(stringAttribute(claim, 'userId')) : null;
    },

    async updatePasswordHash(id, passwordHash) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(id),
            UpdateExpression: 'SET passwordHash = :passwordHash',
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
            ExpressionAttributeValues: { ':passwordHash': passwordHash },
          }),
        );
      } catch (error) {
        // Like an SQL UPDATE that matches no row: an unknown user changes nothing (and creates nothing).
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async markEmailVerified(id, email, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(id),
            UpdateExpression: 'SET emailVerifiedAt = if_not_exists(emailVerifiedAt, :at)',
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND email = :email`,
            ExpressionAttributeValues: { ':at': at, ':email': normalizeEmail(email) },
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return false;
      }
    },

    async setPendingEmail(id, pendingEmail) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(id),
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
            ...(pendingEmail === null
              ? { UpdateExpression: 'REMOVE pendingEmail' }
              : {
                  UpdateExpression: 'SET pendingEmail = :pending',
                  ExpressionAttributeValues: { ':pending': normalizeEmail(pendingEmail) },
                }),
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async changeEmail(id, from, to, at) {
      const oldAddress = normalizeEmail(from);
      const newAddress = normalizeEmail(to);
      // The email claim moves in the same transaction as the address: the new claim's condition settles two
      // accounts racing for one address, as it does for registrations (`create`).
      const reasons = await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: userKey(id),
                  UpdateExpression:
                    'SET email = :to, emailVerifiedAt = :at REMOVE pendingEmail, emailDeliverability, emailDeliverabilityAt',
                  ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND email = :from`,
                  ExpressionAttributeValues: { ':to': newAddress, ':from': oldAddress, ':at': at },
                },
              },
              {
                Delete: {
                  TableName: tableName,
                  Key: emailClaimKey(oldAddress),
                  ConditionExpression: 'userId = :id',
                  ExpressionAttributeValues: { ':id': id },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...emailClaimKey(newAddress), entity: 'emailClaim', userId: id },
                  ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
                },
              },
            ],
          }),
        ),
      );
      if (reasons === null) return 'changed';
      if (conditionFailed(reasons, 0) || conditionFailed(reasons, 1)) return 'stale';
      return 'email_taken';
    },

    async eraseUser(id, tombstone) {
      await eraseUserItems(table, id, tombstone);
    },
  };
}
