import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
  stringAttribute,
  stringListAttribute,
} from './item-attributes';
import { profileKey } from './keys';
import type { TableHandle } from './table';

const VISIBILITIES = ['review', 'restricted'] as const;

/** A profile hidden by moderation (`visibility`) carries no discovery keys: the sparse GSIs leave it out. */
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
  // Discovery's cells (discovery-index.ts). A put replaces the item, so `lastActiveAt` restarts from here.
  ...(profile.visibility === undefined ? discoveryIndexKeys(profile) : { visibility: profile.visibility }),
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
    ...(item.visibility === undefined
      ? {}
      : { visibility: oneOfAttribute(item, 'visibility', VISIBILITIES) }),
  };
};

export function createDynamoDbProfiles({ client, tableName }: TableHandle): ProfileRepository {
  return {
    async get(userId) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: profileKey(userId), ConsistentRead: true }),
      );
      return item ? toProfile(item) : null;
    },

    /** The owner's put never changes what moderation set: a hidden profile stays hidden (and out of discovery). */
    async put(profile) {
      const { visibility: _ignored, ...fields } = profile;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: profileItem(fields),
            ConditionExpression: 'attribute_not_exists(visibility)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const { Item: stored } = await client.send(
          new GetCommand({ TableName: tableName, Key: profileKey(profile.userId), ConsistentRead: true }),
        );
        const visibility = stored ? toProfile(stored).visibility : undefined;
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: profileItem(visibility === undefined ? fields : { ...fields, visibility }),
          }),
        );
      }
    },
  };
}
