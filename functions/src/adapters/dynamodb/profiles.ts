import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { genders } from '../../contract/profile';
import type { ProfileRecord, PromptRecord } from '../../domain/records';
import type { ProfileRepository } from '../../ports/repositories';
import { discoveryIndexKeys } from './discovery-index';
import {
  asMap,
  asOneOf,
  type Item,
  listAttribute,
  mapAttribute,
  numberAttribute,
  oneOfAttribute,
  optionalStringAttribute,
  stringAttribute,
  stringListAttribute,
} from './item-attributes';
import { profileKey } from './keys';
import { GSI1, GSI2, PARTITION_KEY, type TableHandle } from './table';

/** The discovery index key attributes: a paused profile's item goes without them, so it leaves both GSIs. */
const DISCOVERY_KEY_ATTRIBUTES = [GSI1.partitionKey, GSI1.sortKey, GSI2.partitionKey, GSI2.sortKey];

/** How often a write re-reads and retries when a concurrent pause, resume or edit changed the item first. */
const MAX_ATTEMPTS = 5;

const profileItem = (profile: ProfileRecord): Item => ({
  ...profileKey(profile.userId),
  entity: 'profile',
  userId: profile.userId,
  displayName: profile.displayName,
  birthDate: profile.birthDate,
  gender: profile.gender,
  // Lists, not string sets: order is kept and an empty list is allowed.
  interestedIn: [...profile.interestedIn],
  ageMin: profile.ageMin,
  ageMax: profile.ageMax,
  maxDistanceKm: profile.maxDistanceKm,
  location: { lat: profile.location.lat, lon: profile.location.lon },
  bio: profile.bio,
  interests: [...profile.interests],
  prompts: profile.prompts.map((prompt) => ({ question: prompt.question, answer: prompt.answer })),
  createdAt: profile.createdAt,
  updatedAt: profile.updatedAt,
  // Discovery's cells (discovery-index.ts), only while not paused. A put replaces the item, so `lastActiveAt`
  // restarts from here.
  ...(profile.pausedAt === undefined ? discoveryIndexKeys(profile) : { pausedAt: profile.pausedAt }),
});

const toPrompt = (entry: unknown): PromptRecord => {
  const prompt = asMap(entry, 'prompts[]');
  return { question: stringAttribute(prompt, 'question'), answer: stringAttribute(prompt, 'answer') };
};

export const toProfile = (item: Item): ProfileRecord => {
  const location = mapAttribute(item, 'location');
  return {
    userId: stringAttribute(item, 'userId'),
    displayName: stringAttribute(item, 'displayName'),
    birthDate: stringAttribute(item, 'birthDate'),
    gender: oneOfAttribute(item, 'gender', genders),
    interestedIn: listAttribute(item, 'interestedIn').map((entry) =>
      asOneOf(entry, 'interestedIn[]', genders),
    ),
    ageMin: numberAttribute(item, 'ageMin'),
    ageMax: numberAttribute(item, 'ageMax'),
    maxDistanceKm: numberAttribute(item, 'maxDistanceKm'),
    location: { lat: numberAttribute(location, 'lat'), lon: numberAttribute(location, 'lon') },
    bio: stringAttribute(item, 'bio'),
    interests: stringListAttribute(item, 'interests'),
    prompts: listAttribute(item, 'prompts').map(toPrompt),
    createdAt: stringAttribute(item, 'createdAt'),
    updatedAt: stringAttribute(item, 'updatedAt'),
    ...(item.pausedAt === undefined ? {} : { pausedAt: stringAttribute(item, 'pausedAt') }),
  };
};

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export function createDynamoDbProfiles({ client, tableName }: TableHandle): ProfileRepository {
  return {
    async get(userId) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: profileKey(userId), ConsistentRead: true }),
      );
      return item ? toProfile(item) : null;
    },

    async put(profile) {
      // The stored pause state wins: each attempt expects one, and a failed condition re-reads it.
      let pausedAt = profile.pausedAt;
      for (let attempt = 1; ; attempt += 1) {
        const { pausedAt: _hint, ...fields } = profile;
        const record: ProfileRecord = pausedAt === undefined ? fields : { ...fields, pausedAt };
        try {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: profileItem(record),
              ConditionExpression:
                pausedAt === undefined ? 'attribute_not_exists(pausedAt)' : 'pausedAt = :pausedAt',
              ...(pausedAt === undefined ? {} : { ExpressionAttributeValues: { ':pausedAt': pausedAt } }),
            }),
          );
          return;
        } catch (error) {
          if (!isConditionFailure(error) || attempt >= MAX_ATTEMPTS) throw error;
          pausedAt = (await readPausedAt(profile.userId)) ?? undefined;
        }
      }
    },

    async setPaused(userId, pausedAt) {
      if (pausedAt !== null) {
        try {
          const { Attributes: item } = await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: profileKey(userId),
              UpdateExpression: `SET pausedAt = if_not_exists(pausedAt, :at) REMOVE ${DISCOVERY_KEY_ATTRIBUTES.join(', ')}`,
              ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
              ExpressionAttributeValues: { ':at': pausedAt },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return item ? toProfile(item) : null;
        } catch (error) {
          if (isConditionFailure(error)) return null;
          throw error;
        }
      }
      // Resuming writes the index keys of the profile as read; the condition makes sure no edit came between.
      for (let attempt = 1; ; attempt += 1) {
        const current = await this.get(userId);
        if (current?.pausedAt === undefined) return current;
        const keys = discoveryIndexKeys(current);
        const names = Object.keys(keys);
        try {
          const { Attributes: item } = await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: profileKey(userId),
              UpdateExpression: `SET ${names.map((_name, i) => `#k${i} = :k${i}`).join(', ')} REMOVE pausedAt`,
              ConditionExpression: 'updatedAt = :updatedAt AND pausedAt = :pausedAt',
              ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#k${i}`, name])),
              ExpressionAttributeValues: {
                ...Object.fromEntries(names.map((name, i) => [`:k${i}`, keys[name]])),
                ':updatedAt': current.updatedAt,
                ':pausedAt': current.pausedAt,
              },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return item ? toProfile(item) : null;
        } catch (error) {
          if (!isConditionFailure(error) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },
  };

  async function readPausedAt(userId: string): Promise<string | null> {
    const { Item: item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: profileKey(userId),
        ProjectionExpression: 'pausedAt',
        ConsistentRead: true,
      }),
    );
    return item ? optionalStringAttribute(item, 'pausedAt') : null;
  }
}
