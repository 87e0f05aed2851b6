import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NewPhoto, PhotoRecord, PhotoRepository, PhotoStatus } from '../../ports/photos';
import { batchGetItems } from './batch-get';
import {
  asMap,
  type Item,
  mapAttribute,
  numberAttribute,
  oneOfAttribute,
  optionalStringAttribute,
  stringAttribute,
} from './item-attributes';
import { photosKey } from './keys';
import { jitteredBackoff, MAX_ATTEMPTS } from './retry-backoff';
import { PARTITION_KEY, type TableHandle } from './table';

const PHOTO_STATUSES = ['pending', 'ready', 'rejected'] as const satisfies readonly PhotoStatus[];

/**
 * Entries a photos item may hold, whatever their status: keeps the item far below DynamoDB's 400 KB even if
 * rejected photos were never pruned (the service prunes them; this is the backstop).
 */
export const MAX_PHOTO_ENTRIES = 50;

/** `status` and `position` are DynamoDB reserved words; photo ids (map keys) start with digits. */
const names = (photoIds: readonly string[] = []) => ({
  '#photos': 'photos',
  '#status': 'status',
  '#position': 'position',
  ...Object.fromEntries(photoIds.map((id, index) => [`#p${index}`, id])),
});

const photoEntry = (photo: NewPhoto): Item => ({
  status: 'pending',
  contentType: photo.contentType,
  declaredSize: photo.declaredSize,
  position: 0,
  mediaToken: photo.mediaToken,
  createdAt: photo.createdAt,
  updatedAt: photo.createdAt,
});

const toPhoto = (userId: string, photoId: string, entry: Item): PhotoRecord => ({
  id: photoId,
  userId,
  status: oneOfAttribute(entry, 'status', PHOTO_STATUSES),
  contentType: stringAttribute(entry, 'contentType'),
  declaredSize: numberAttribute(entry, 'declaredSize'),
  position: numberAttribute(entry, 'position'),
  rejectReason: optionalStringAttribute(entry, 'rejectReason'),
  // Entries written before media tokens existed have none: their renditions keep the legacy keys.
  mediaToken: optionalStringAttribute(entry, 'mediaToken'),
  createdAt: stringAttribute(entry, 'createdAt'),
  updatedAt: stringAttribute(entry, 'updatedAt'),
});

/** The port's order: ready photos by position, then the others oldest first. */
function byDisplayOrder(a: PhotoRecord, b: PhotoRecord): number {
  const aReady = a.status === 'ready';
  const bReady = b.status === 'ready';
  if (aReady !== bReady) return aReady ? -1 : 1;
  if (aReady && a.position !== b.position) return a.position - b.position;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const photosOf = (item: Item | undefined): PhotoRecord[] => {
  if (!item) return [];
  const userId = stringAttribute(item, 'userId');
  return Object.entries(mapAttribute(item, 'photos'))
    .map(([photoId, entry]) => toPhoto(userId, photoId, asMap(entry, `photos.${photoId}`)))
    .sort(byDisplayOrder);
};

const isConditionFailure = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof ConditionalCheckFailedException;

/**
 * One item per user (`USER#<id>`/`PHOTOS`): a map `photos` of photo id -> entry plus counters kept in step by
 * every update: `activeCount` (pending + ready: the limit), `readyCount` and `nextPosition`. Each change is
 * ONE conditional UpdateItem on that item, so the limit, processing and reordering are atomic without
 * transactions. See README.md ("Photos").
 */
export function createDynamoDbPhotos({ client, tableName }: TableHandle): PhotoRepository {
  const readItem = async (userId: string) => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: photosKey(userId), ConsistentRead: true }),
    );
    return item;
  };

  /** Sends a conditional update; false when its condition failed. */
  const conditionalUpdate = async (
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ) => {
    try {
      await client.send(new UpdateCommand({ ...input, TableName: tableName }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  const addToExistingItem = async (
    photo: NewPhoto,
    limit: number,
  ): Promise<'added' | 'limit_reached' | 'no_item'> => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: photosKey(photo.userId),
          UpdateExpression: 'SET #photos.#p0 = :entry ADD activeCount :one',
          ConditionExpression:
            'attribute_exists(#photos) AND activeCount < :limit AND size(#photos) < :maxEntries ' +
            'AND attribute_not_exists(#photos.#p0)',
          ExpressionAttributeNames: { '#photos': 'photos', '#p0': photo.id },
          ExpressionAttributeValues: {
            ':entry': photoEntry(photo),
            ':one': 1,
            ':limit': limit,
            ':maxEntries': MAX_PHOTO_ENTRIES,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'added';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (error.Item === undefined) return 'no_item';
      const photos = error.Item.photos?.M;
      if (photos?.[photo.id] !== undefined) throw new Error(`photo ${photo.id} already exists`);
      return 'limit_reached';
    }
  };

  const createItem = async (photo: NewPhoto): Promise<boolean> => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...photosKey(photo.userId),
            entity: 'photos',
            userId: photo.userId,
            photos: { [photo.id]: photoEntry(photo) },
            activeCount: 1,
            readyCount: 0,
            nextPosition: 0,
          },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  return {
    async add(photo, limit) {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        const added = await addToExistingItem(photo, limit);
        if (added !== 'no_item') return added;
        if (limit < 1) return 'limit_reached';
        // The user's first photo creates the item; losing that race to a concurrent first photo means the
        // item exists now, so the conditional update decides.
        if (await createItem(photo)) return 'added';
      }
      throw new Error(`add photo ${photo.id}: the photos item kept changing`);
    },

    async get(userId, photoId) {
      return photosOf(await readItem(userId)).find((photo) => photo.id === photoId) ?? null;
    },

    async listByUser(userId) {
      return photosOf(await readItem(userId));
    },

    async listReadyByUsers(userIds) {
      const byUser = new Map<string, PhotoRecord[]>();
      // Up to 100 users per BatchGetItem (one request for any page of discovery), chunks in parallel.
      const keys = [...new Set(userIds)].map((userId) => photosKey(userId));
      const items = await batchGetItems({ client, tableName }, keys);
      for (const item of items) {
        const ready = photosOf(item).filter((photo) => photo.status === 'ready');
        if (ready.length > 0) byUser.set(stringAttribute(item, 'userId'), ready);
      }
      return byUser;
    },

    async markProcessed(userId, photoId, outcome, at) {
      const common = {
        Key: photosKey(userId),
        ConditionExpression: '#photos.#p0.#status = :pending',
      };
      if (outcome.status === 'ready') {
        return conditionalUpdate({
          ...common,
          UpdateExpression:
            'SET #photos.#p0.#status = :ready, #photos.#p0.#position = nextPosition, ' +
            '#photos.#p0.updatedAt = :at, nextPosition = nextPosition + :one ADD readyCount :one',
          ExpressionAttributeNames: names([photoId]),
          ExpressionAttributeValues: { ':pending': 'pending', ':ready': 'ready', ':at': at, ':one': 1 },
        });
      }
      return conditionalUpdate({
        ...common,
        UpdateExpression:
          'SET #photos.#p0.#status = :rejected, #photos.#p0.rejectReason = :reason, #photos.#p0.updatedAt = :at ' +
          'ADD activeCount :minusOne',
        ExpressionAttributeNames: { '#photos': 'photos', '#status': 'status', '#p0': photoId },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':rejected': 'rejected',
          ':reason': outcome.reason,
          ':at': at,
          ':minusOne': -1,
        },
      });
    },

    async reorder(userId, photoIds, at) {
      if (new Set(photoIds).size !== photoIds.length) return false;
      if (photoIds.length === 0) {
        const item = await readItem(userId);
        return item === undefined || numberAttribute(item, 'readyCount') === 0;
      }
      // `readyCount = n` and each of the n listed photos ready <=> the listed ids are exactly the ready set.
      const placeholders = photoIds.map((_, index) => `#p${index}`);
      return conditionalUpdate({
        Key: photosKey(userId),
        UpdateExpression: `SET ${placeholders
          .map((p, index) => `#photos.${p}.#position = :pos${index}, #photos.${p}.updatedAt = :at`)
          .join(', ')}, nextPosition = :count`,
        ConditionExpression: `readyCount = :count AND ${placeholders
          .map((p) => `#photos.${p}.#status = :ready`)
          .join(' AND ')}`,
        ExpressionAttributeNames: names(photoIds),
        ExpressionAttributeValues: {
          ':count': photoIds.length,
          ':ready': 'ready',
          ':at': at,
          ...Object.fromEntries(photoIds.map((_, index) => [`:pos${index}`, index])),
        },
      });
    },

    async replaceMediaToken(userId, photoId, expected, next) {
      return conditionalUpdate({
        Key: photosKey(userId),
        UpdateExpression: 'SET #photos.#p0.mediaToken = :next',
        ConditionExpression: `#photos.#p0.#status = :ready AND ${
          expected === null
            ? 'attribute_not_exists(#photos.#p0.mediaToken)'
            : '#photos.#p0.mediaToken = :expected'
        }`,
        ExpressionAttributeNames: { '#photos': 'photos', '#status': 'status', '#p0': photoId },
        ExpressionAttributeValues: {
          ':ready': 'ready',
          ':next': next,
          ...(expected === null ? {} : { ':expected': expected }),
        },
      });
    },

    async remove(userId, photoId) {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        const photo = photosOf(await readItem(userId)).find((candidate) => candidate.id === photoId);
        if (!photo) return null;
        const removed = await conditionalUpdate({
          Key: photosKey(userId),
          // The counters change by what the photo counted for, so its status must still be the one read.
          UpdateExpression: 'REMOVE #photos.#p0 ADD activeCount :active, readyCount :ready',
          ConditionExpression: '#photos.#p0.#status = :seen',
          ExpressionAttributeNames: { '#photos': 'photos', '#status': 'status', '#p0': photoId },
          ExpressionAttributeValues: {
            ':seen': photo.status,
            ':active': photo.status === 'rejected' ? 0 : -1,
            ':ready': photo.status === 'ready' ? -1 : 0,
          },
        });
        if (removed) return photo;
        await jitteredBackoff(attempt);
      }
      throw new Error(`remove photo ${photoId}: the photo kept changing`);
    },
  };
}
