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

const VISIBILITIES = ['review', 'restricted'] as const;

/**
 * The discovery index key attributes: a paused profile's item, or one hidden by moderation (`visibility`), goes
 * without them, so the sparse GSIs leave it out.
 */
const DISCOVERY_KEY_ATTRIBUTES = [GSI1.partitionKey, GSI1.sortKey, GSI2.partitionKey, GSI2.sortKey];

/** How often a write re-reads and retries when a concurrent pause, resume or edit changed the item first. */
const MAX_ATTEMPTS = 5;

export const profileItem = (profile: ProfileRecord): Item => ({
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
  // Discovery's cells (discovery-index.ts), only while neither paused nor hidden. A put replaces the item, so
  // `lastActiveAt` restarts from here.
  ...(profile.pausedAt === undefined && profile.visibility === undefined ? discoveryIndexKeys(profile) : {}),
  ...(profile.pausedAt === undefined ? {} : { pausedAt: profile.pausedAt }),
  ...(profile.visibility === undefined ? {} : { visibility: profile.visibility }),
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
    ...(item.visibility === undefined
      ? {}
      : { visibility: oneOfAttribute(item, 'visibility', VISIBILITIES) }),
  };
};

/** What the owner's put keeps from the stored item: the pause and moderation's visibility. */
type HeldState = Pick<ProfileRecord, 'pausedAt' | 'visibility'>;

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
      // The stored pause state and what moderation set win over the owner's put: each attempt expects them, and
      // a failed condition re-reads them.
      let held: HeldState = { pausedAt: profile.pausedAt, visibility: profile.visibility };
      for (let attempt = 1; ; attempt += 1) {
        const { pausedAt: _pausedHint, visibility: _visibilityHint, ...fields } = profile;
        const record: ProfileRecord = {
          ...fields,
          ...(held.pausedAt === undefined ? {} : { pausedAt: held.pausedAt }),
          ...(held.visibility === undefined ? {} : { visibility: held.visibility }),
        };
        const values: Record<string, string> = {
          ...(held.pausedAt === undefined ? {} : { ':pausedAt': held.pausedAt }),
          ...(held.visibility === undefined ? {} : { ':visibility': held.visibility }),
        };
        try {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: profileItem(record),
              ConditionExpression: [
                held.pausedAt === undefined ? 'attribute_not_exists(pausedAt)' : 'pausedAt = :pausedAt',
                held.visibility === undefined
                  ? 'attribute_not_exists(visibility)'
                  : 'visibility = :visibility',
              ].join(' AND '),
              ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
            }),
          );
          return;
        } catch (error) {
          if (!isConditionFailure(error) || attempt >= MAX_ATTEMPTS) throw error;
          held = await readHeldState(profile.userId);
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
      // Resuming writes the index keys of the profile as read (none while moderation hides it); the condition
      // makes sure no edit came between.
      for (let attempt = 1; ; attempt += 1) {
        const current = await this.get(userId);
        if (current?.pausedAt === undefined) return current;
        if (current.visibility !== undefined) {
          try {
            const { Attributes: item } = await client.send(
              new UpdateCommand({
                TableName: tableName,
                Key: profileKey(userId),
                UpdateExpression: 'REMOVE pausedAt',
                ConditionExpression: 'pausedAt = :pausedAt AND visibility = :visibility',
                ExpressionAttributeValues: {
                  ':pausedAt': current.pausedAt,
                  ':visibility': current.visibility,
                },
                ReturnValues: 'ALL_NEW',
              }),
            );
            return item ? toProfile(item) : null;
          } catch (error) {
            if (!isConditionFailure(error) || attempt >= MAX_ATTEMPTS) throw error;
            continue;
          }
        }
        const keys = discoveryIndexKeys(current);
        const names = Object.keys(keys);
        try {
          const { Attributes: item } = await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: profileKey(userId),
              UpdateExpression: `SET ${names.map((_name, i) => `#k${i} = :k${i}`).join(', ')} REMOVE pausedAt`,
              ConditionExpression:
                'updatedAt = :updatedAt AND pausedAt = :pausedAt AND attribute_not_exists(visibility)',
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

  async function readHeldState(userId: string): Promise<HeldState> {
    const { Item: item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: profileKey(userId),
        ProjectionExpression: 'pausedAt, visibility',
        ConsistentRead: true,
      }),
    );
    if (!item) return {};
    const pausedAt = optionalStringAttribute(item, 'pausedAt');
    return {
      ...(pausedAt === undefined || pausedAt === null ? {} : { pausedAt }),
      ...(item.visibility === undefined
        ? {}
        : { visibility: oneOfAttribute(item, 'visibility', VISIBILITIES) }),
    };
  }
}
