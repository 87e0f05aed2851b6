import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { moderationActions } from '../../domain/moderation';
import type { DecisionRecord, ModerationRepository } from '../../ports/moderation';
import { batchGetItems } from './batch-get';
import { discoveryIndexKeys } from './discovery-index';
import { asMap, asOneOf, type Item, optionalStringAttribute, stringAttribute } from './item-attributes';
import {
  bannedEmailKey,
  DECISION_PREFIX,
  decisionKey,
  type ItemKey,
  MODERATION_APPEALS_PARTITION,
  MODERATION_REPORTS_PARTITION,
  profileKey,
  REFERENCE_PREFIXES,
  RETAINED_PHOTO_PREFIX,
  referencesPartition,
  reportKey,
  retainedPhotoKey,
  userKey,
  userPartition,
} from './keys';
import { toProfile } from './profiles';
import { queryPages, queryPrefix } from './query-pages';
import { toReport } from './reports';
import { GSI1, GSI2, PARTITION_KEY, type TableHandle } from './table';

const EXISTS = `attribute_exists(${PARTITION_KEY})`;
const IS_NEW = `attribute_not_exists(${PARTITION_KEY})`;
const QUEUE_KEYS = { '#qpk': GSI1.partitionKey, '#qsk': GSI1.sortKey };
const OUTCOMES = ['upheld', 'lifted'] as const;

const toDecision = (item: Item): DecisionRecord => {
  const appeal = item.appeal === undefined ? null : asMap(item.appeal, 'appeal');
  const text = (name: string) => optionalStringAttribute(item, name);
  return {
    id: stringAttribute(item, 'id'),
    subjectId: stringAttribute(item, 'subjectId'),
    moderatorId: stringAttribute(item, 'moderatorId'),
    action: asOneOf(item.action, 'action', moderationActions),
    note: stringAttribute(item, 'note'),
    photoId: text('photoId'),
    until: text('until'),
    createdAt: stringAttribute(item, 'createdAt'),
    acknowledgedAt: text('acknowledgedAt'),
    appeal: appeal && {
      text: stringAttribute(appeal, 'text'),
      createdAt: stringAttribute(appeal, 'createdAt'),
      resolvedAt: optionalStringAttribute(appeal, 'resolvedAt'),
      outcome: appeal.outcome === undefined ? null : asOneOf(appeal.outcome, 'outcome', OUTCOMES),
    },
  };
};

export function createDynamoDbModeration(table: TableHandle): ModerationRepository {
  const { client, tableName } = table;

  /** One write; false when its condition failed (like an SQL statement that matched no row). */
  const write = async (send: () => Promise<unknown>): Promise<boolean> => {
    try {
      await send();
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  const update = (
    Key: ItemKey,
    UpdateExpression: string,
    ConditionExpression: string,
    values?: Item,
    names?: Record<string, string>,
  ) =>
    write(() =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key,
          UpdateExpression,
          ConditionExpression,
          ...(values ? { ExpressionAttributeValues: values } : {}),
          ...(names ? { ExpressionAttributeNames: names } : {}),
        }),
      ),
    );
  const get = async (Key: ItemKey) =>
    (await client.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item;

  /** Every item of an index partition, read again consistently (a decision may have just changed one). */
  const indexed = async (index: typeof GSI1 | typeof GSI2, partition: string, range?: [string, string]) => {
    const keys: ItemKey[] = [];
    for await (const page of queryPages(table, {
      IndexName: index.indexName,
      // A key condition cannot name an empty string: a whole partition has no range condition at all.
      KeyConditionExpression: range ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey, ...(range ? { '#sk': index.sortKey } : {}) },
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(range ? { ':from': range[0], ':to': range[1] } : {}),
      },
    })) {
      for (const item of page.Items ?? []) {
        keys.push({ PK: stringAttribute(item, 'PK'), SK: stringAttribute(item, 'SK') } as ItemKey);
      }
    }
    return batchGetItems(table, keys, { consistentRead: true });
  };
  const open = (items: Item[]) => items.map(toReport).filter((report) => !report.resolution);
  /** Reports about the user, through erasure's inverse index (GSI2 `REF#<user>` / `REPORT#<createdAt>#<id>`). */
  const reportsAbout = async (userId: string, since = '') =>
    (
      await indexed(GSI2, referencesPartition(userId), [
        `${REFERENCE_PREFIXES.report}${since}`,
        `${REFERENCE_PREFIXES.report}\uffff`,
      ])
    ).map(toReport);
  const getDecision = async (subjectId: string, decisionId: string) => {
    const item = await get(decisionKey(subjectId, decisionId));
    return item ? toDecision(item) : null;
  };

  return {
    setRole: (userId, role) =>
      role === 'member'
        ? update(userKey(userId), 'REMOVE #r', EXISTS, undefined, { '#r': 'role' })
        : update(userKey(userId), 'SET #r = :r', EXISTS, { ':r': role }, { '#r': 'role' }),

    async setStatus(userId, status, until) {
      await update(
        userKey(userId),
        until === null ? 'SET #s = :s REMOVE suspendedUntil' : 'SET #s = :s, suspendedUntil = :u',
        EXISTS,
        { ':s': status, ...(until === null ? {} : { ':u': until }) },
        { '#s': 'status' },
      );
    },

    async setNotice(userId, decisionId) {
      await (decisionId === null
        ? update(userKey(userId), 'REMOVE noticeDecisionId', EXISTS)
        : update(userKey(userId), 'SET noticeDecisionId = :d', EXISTS, { ':d': decisionId }));
    },

    /** Hiding takes the discovery keys off the profile item (the sparse GSIs drop it); showing puts them back. */
    async setVisibility(userId, visibility) {
      const item = await get(profileKey(userId));
      if (!item) return;
      const profile = toProfile(item);
      // A paused profile stays out of discovery when moderation shows it again: resuming puts its keys back.
      const keys = profile.pausedAt === undefined ? Object.entries(discoveryIndexKeys(profile)) : [];
      const names = Object.fromEntries(keys.map(([name], i) => [`#k${i}`, name]));
      const placeholders = Object.keys(names);
      await (visibility === null
        ? update(
            profileKey(userId),
            keys.length === 0
              ? 'REMOVE visibility'
              : `REMOVE visibility SET ${placeholders.map((n, i) => `${n} = :k${i}`).join(', ')}`,
            EXISTS,
            Object.fromEntries(keys.map(([, value], i) => [`:k${i}`, value])),
            names,
          )
        : update(
            profileKey(userId),
            `SET visibility = :v REMOVE ${placeholders.join(', ')}`,
            EXISTS,
            { ':v': visibility },
            names,
          ));
    },

    listOpenReports: async () => open(await indexed(GSI1, MODERATION_REPORTS_PARTITION)),
    listOpenReportsAbout: async (userId) =>
      (await reportsAbout(userId)).filter((report) => !report.resolution),
    countReportersSince: async (userId, since) =>
      new Set(
        (await reportsAbout(userId, since)).filter((r) => r.createdAt >= since).map((r) => r.reporterId),
      ).size,

    async resolveReports(reports, decisionId, at) {
      for (const report of reports) {
        await update(
          reportKey(report.reporterId, report.createdAt, report.id),
          'SET decisionId = :d, resolvedAt = :at REMOVE #qpk, #qsk',
          `${EXISTS} AND attribute_not_exists(resolvedAt)`,
          { ':d': decisionId, ':at': at },
          QUEUE_KEYS,
        );
      }
    },

    async addDecision(decision) {
      const { appeal: _none, acknowledgedAt: _notYet, ...fields } = decision;
      const item = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...decisionKey(decision.subjectId, decision.id), entity: 'decision', ...item },
          ConditionExpression: IS_NEW,
        }),
      );
    },

    getDecision,
    listDecisionsAbout: async (subjectId) =>
      (await queryPrefix(table, userPartition(subjectId), DECISION_PREFIX)).map(toDecision),

    async acknowledge(subjectId, decisionId, at) {
      await update(
        decisionKey(subjectId, decisionId),
        'SET acknowledgedAt = :at',
        `${EXISTS} AND attribute_not_exists(acknowledgedAt)`,
        { ':at': at },
      );
    },

    /** One conditional update: of concurrent appeals of one decision, exactly one is stored. */
    async addAppeal(subjectId, decisionId, appeal) {
      const added = await update(
        decisionKey(subjectId, decisionId),
        'SET appeal = :a, #qpk = :q, #qsk = :p',
        `${EXISTS} AND attribute_not_exists(appeal)`,
        {
          ':a': { text: appeal.text, createdAt: appeal.createdAt },
          ':q': MODERATION_APPEALS_PARTITION,
          ':p': `${appeal.createdAt}#${decisionId}`,
        },
        QUEUE_KEYS,
      );
      if (added) return 'added';
      return (await getDecision(subjectId, decisionId)) ? 'exists' : 'not_found';
    },

    resolveAppeal: (subjectId, decisionId, outcome, at) =>
      update(
        decisionKey(subjectId, decisionId),
        'SET appeal.outcome = :o, appeal.resolvedAt = :at REMOVE #qpk, #qsk',
        'attribute_exists(appeal) AND attribute_not_exists(appeal.resolvedAt)',
        { ':o': outcome, ':at': at },
        QUEUE_KEYS,
      ),

    listOpenAppeals: async () =>
      (await indexed(GSI1, MODERATION_APPEALS_PARTITION))
        .map(toDecision)
        .filter((decision) => decision.appeal?.resolvedAt === null),

    async banEmail(emailHash, at) {
      await write(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...bannedEmailKey(emailHash), entity: 'bannedEmail', bannedAt: at },
            ConditionExpression: IS_NEW,
          }),
        ),
      );
    },
    async unbanEmail(emailHash) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: bannedEmailKey(emailHash) }));
    },
    isEmailBanned: async (emailHash) => (await get(bannedEmailKey(emailHash))) !== undefined,

    async retainPhoto(photo) {
      await write(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...retainedPhotoKey(photo.userId, photo.photoId), entity: 'retainedPhoto', ...photo },
            ConditionExpression: IS_NEW,
          }),
        ),
      );
    },
    listRetainedPhotos: async (userId) =>
      (await queryPrefix(table, userPartition(userId), RETAINED_PHOTO_PREFIX)).map((item) => ({
        userId: stringAttribute(item, 'userId'),
        photoId: stringAttribute(item, 'photoId'),
        blobKey: stringAttribute(item, 'blobKey'),
        deletedAt: stringAttribute(item, 'deletedAt'),
      })),
  };
}
