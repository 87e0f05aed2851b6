import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { moderationActions } from '../../domain/moderation';
import type { ReportRecord } from '../../ports/matching';
import type { DecisionRecord, ModerationRepository, RetainedPhotoRecord } from '../../ports/moderation';
import { discoveryIndexKeys } from './discovery-index';
import { asMap, type Item, optionalStringAttribute, stringAttribute } from './item-attributes';
import {
  bannedEmailKey,
  DECISION_PREFIX,
  decisionKey,
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

const OUTCOMES = ['upheld', 'lifted'] as const;

const toDecision = (item: Item): DecisionRecord => {
  const appeal = item.appeal === undefined ? null : asMap(item.appeal, 'appeal');
  const outcome = appeal ? optionalStringAttribute(appeal, 'outcome') : null;
  const action = stringAttribute(item, 'action');
  const knownAction = moderationActions.find((known) => known === action);
  if (!knownAction) throw new Error(`decision ${String(item.id)} has an unknown action`);
  return {
    id: stringAttribute(item, 'id'),
    subjectId: stringAttribute(item, 'subjectId'),
    moderatorId: stringAttribute(item, 'moderatorId'),
    action: knownAction,
    note: stringAttribute(item, 'note'),
    photoId: optionalStringAttribute(item, 'photoId'),
    until: optionalStringAttribute(item, 'until'),
    createdAt: stringAttribute(item, 'createdAt'),
    acknowledgedAt: optionalStringAttribute(item, 'acknowledgedAt'),
    appeal: appeal
      ? {
          text: stringAttribute(appeal, 'text'),
          createdAt: stringAttribute(appeal, 'createdAt'),
          resolvedAt: optionalStringAttribute(appeal, 'resolvedAt'),
          outcome: OUTCOMES.find((known) => known === outcome) ?? null,
        }
      : null,
  };
};

const toRetained = (item: Item): RetainedPhotoRecord => ({
  userId: stringAttribute(item, 'userId'),
  photoId: stringAttribute(item, 'photoId'),
  blobKey: stringAttribute(item, 'blobKey'),
  deletedAt: stringAttribute(item, 'deletedAt'),
});

const conditionally = async (send: () => Promise<unknown>): Promise<boolean> => {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

export function createDynamoDbModeration(table: TableHandle): ModerationRepository {
  const { client, tableName } = table;

  const indexItems = async (partition: string): Promise<Item[]> => {
    const items: Item[] = [];
    for await (const page of queryPages(table, {
      IndexName: GSI1.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1.partitionKey },
      ExpressionAttributeValues: { ':pk': partition },
    })) {
      items.push(...(page.Items ?? []));
    }
    return items;
  };

  /** The reports about the user, through erasure's inverse index (GSI2 `REF#<user>`, `REPORT#<createdAt>#<id>`). */
  const reportsAbout = async (userId: string, since = ''): Promise<ReportRecord[]> => {
    const items: Item[] = [];
    for await (const page of queryPages(table, {
      IndexName: GSI2.indexName,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': GSI2.partitionKey, '#sk': GSI2.sortKey },
      ExpressionAttributeValues: {
        ':pk': referencesPartition(userId),
        ':from': `${REFERENCE_PREFIXES.report}${since}`,
        ':to': `${REFERENCE_PREFIXES.report}\uffff`,
      },
    })) {
      items.push(...(page.Items ?? []));
    }
    // The index projects whole items; read them again consistently (a decision may have just closed one).
    const reports: ReportRecord[] = [];
    for (const item of items) {
      const report = toReport(item);
      const { Item: fresh } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: reportKey(report.reporterId, report.createdAt, report.id),
          ConsistentRead: true,
        }),
      );
      if (fresh) reports.push(toReport(fresh));
    }
    return reports;
  };

  const getDecision = async (subjectId: string, decisionId: string) => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: decisionKey(subjectId, decisionId), ConsistentRead: true }),
    );
    return item ? toDecision(item) : null;
  };

  return {
    async setRole(userId, role) {
      return conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(userId),
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
            ...(role === 'member'
              ? { UpdateExpression: 'REMOVE #role' }
              : { UpdateExpression: 'SET #role = :role', ExpressionAttributeValues: { ':role': role } }),
            ExpressionAttributeNames: { '#role': 'role' },
          }),
        ),
      );
    },

    async setStatus(userId, status, suspendedUntil) {
      await conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(userId),
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
            ExpressionAttributeNames: { '#status': 'status' },
            ...(suspendedUntil === null
              ? {
                  UpdateExpression: 'SET #status = :status REMOVE suspendedUntil',
                  ExpressionAttributeValues: { ':status': status },
                }
              : {
                  UpdateExpression: 'SET #status = :status, suspendedUntil = :until',
                  ExpressionAttributeValues: { ':status': status, ':until': suspendedUntil },
                }),
          }),
        ),
      );
    },

    async setNotice(userId, decisionId) {
      await conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(userId),
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
            ...(decisionId === null
              ? { UpdateExpression: 'REMOVE noticeDecisionId' }
              : {
                  UpdateExpression: 'SET noticeDecisionId = :id',
                  ExpressionAttributeValues: { ':id': decisionId },
                }),
          }),
        ),
      );
    },

    /** Hiding takes the discovery keys off the profile item (the sparse GSIs drop it); showing puts them back. */
    async setVisibility(userId, visibility) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: profileKey(userId), ConsistentRead: true }),
      );
      if (!item) return;
      const profile = toProfile(item);
      const keys = discoveryIndexKeys(profile);
      const names = Object.keys(keys);
      await conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: profileKey(userId),
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
            ...(visibility === null
              ? {
                  UpdateExpression: `REMOVE visibility SET ${names.map((_, i) => `#k${i} = :k${i}`).join(', ')}`,
                  ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#k${i}`, name])),
                  ExpressionAttributeValues: Object.fromEntries(
                    names.map((name, i) => [`:k${i}`, keys[name]]),
                  ),
                }
              : {
                  UpdateExpression: `SET visibility = :visibility REMOVE ${names.map((_, i) => `#k${i}`).join(', ')}`,
                  ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#k${i}`, name])),
                  ExpressionAttributeValues: { ':visibility': visibility },
                }),
          }),
        ),
      );
    },

    async listOpenReports() {
      return (await indexItems(MODERATION_REPORTS_PARTITION)).map(toReport).filter((r) => !r.resolution);
    },

    async listOpenReportsAbout(userId) {
      return (await reportsAbout(userId)).filter((report) => !report.resolution);
    },

    async countReportersSince(userId, since) {
      const reports = await reportsAbout(userId, since);
      return new Set(reports.filter((r) => r.createdAt >= since).map((r) => r.reporterId)).size;
    },

    async resolveReports(reports, decisionId, at) {
      for (const report of reports) {
        await conditionally(() =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: reportKey(report.reporterId, report.createdAt, report.id),
              UpdateExpression: 'SET decisionId = :decision, resolvedAt = :at REMOVE #qpk, #qsk',
              ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(resolvedAt)`,
              ExpressionAttributeNames: { '#qpk': GSI1.partitionKey, '#qsk': GSI1.sortKey },
              ExpressionAttributeValues: { ':decision': decisionId, ':at': at },
            }),
          ),
        );
      }
    },

    async addDecision(decision) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...decisionKey(decision.subjectId, decision.id),
            entity: 'decision',
            id: decision.id,
            subjectId: decision.subjectId,
            moderatorId: decision.moderatorId,
            action: decision.action,
            note: decision.note,
            ...(decision.photoId === null ? {} : { photoId: decision.photoId }),
            ...(decision.until === null ? {} : { until: decision.until }),
            createdAt: decision.createdAt,
          },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
    },

    getDecision,

    async listDecisionsAbout(subjectId) {
      return (await queryPrefix(table, userPartition(subjectId), DECISION_PREFIX)).map(toDecision);
    },

    async acknowledge(subjectId, decisionId, at) {
      await conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: decisionKey(subjectId, decisionId),
            UpdateExpression: 'SET acknowledgedAt = :at',
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(acknowledgedAt)`,
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    },

    /** One conditional update: of concurrent appeals of one decision, exactly one is stored. */
    async addAppeal(subjectId, decisionId, appeal) {
      const added = await conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: decisionKey(subjectId, decisionId),
            UpdateExpression: 'SET appeal = :appeal, #qpk = :queue, #qsk = :position',
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(appeal)`,
            ExpressionAttributeNames: { '#qpk': GSI1.partitionKey, '#qsk': GSI1.sortKey },
            ExpressionAttributeValues: {
              ':appeal': { text: appeal.text, createdAt: appeal.createdAt },
              ':queue': MODERATION_APPEALS_PARTITION,
              ':position': `${appeal.createdAt}#${decisionId}`,
            },
          }),
        ),
      );
      if (added) return 'added';
      return (await getDecision(subjectId, decisionId)) ? 'exists' : 'not_found';
    },

    async resolveAppeal(subjectId, decisionId, outcome, at) {
      return conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: decisionKey(subjectId, decisionId),
            UpdateExpression: 'SET appeal.outcome = :outcome, appeal.resolvedAt = :at REMOVE #qpk, #qsk',
            ConditionExpression: 'attribute_exists(appeal) AND attribute_not_exists(appeal.resolvedAt)',
            ExpressionAttributeNames: { '#qpk': GSI1.partitionKey, '#qsk': GSI1.sortKey },
            ExpressionAttributeValues: { ':outcome': outcome, ':at': at },
          }),
        ),
      );
    },

    async listOpenAppeals() {
      const listed = (await indexItems(MODERATION_APPEALS_PARTITION)).map(toDecision);
      const fresh = await Promise.all(listed.map((decision) => getDecision(decision.subjectId, decision.id)));
      return fresh.filter((decision): decision is DecisionRecord =>
        Boolean(decision?.appeal && decision.appeal.resolvedAt === null),
      );
    },

    async banEmail(emailHash, at) {
      await conditionally(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...bannedEmailKey(emailHash), entity: 'bannedEmail', bannedAt: at },
            ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
          }),
        ),
      );
    },
    async unbanEmail(emailHash) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: bannedEmailKey(emailHash) }));
    },
    async isEmailBanned(emailHash) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: bannedEmailKey(emailHash), ConsistentRead: true }),
      );
      return item !== undefined;
    },

    async retainPhoto(photo) {
      await conditionally(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...retainedPhotoKey(photo.userId, photo.photoId), entity: 'retainedPhoto', ...photo },
            ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
          }),
        ),
      );
    },
    async listRetainedPhotos(userId) {
      return (await queryPrefix(table, userPartition(userId), RETAINED_PHOTO_PREFIX)).map(toRetained);
    },
  };
}
