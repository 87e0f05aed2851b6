import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { reportReasons } from '../../contract/matching';
import type { ReportedMessage, ReportRecord, ReportRepository } from '../../ports/matching';
import {
  asMap,
  asOneOf,
  type Item,
  listAttribute,
  oneOfAttribute,
  optionalStringAttribute,
  stringAttribute,
} from './item-attributes';
import {
  MODERATION_REPORTS_PARTITION,
  REFERENCE_PREFIXES,
  REPORT_PREFIX,
  referencesPartition,
  reportKey,
  userPartition,
} from './keys';
import { queryPrefix } from './query-pages';
import { GSI1, GSI2, PARTITION_KEY, type TableHandle } from './table';

const SIDES = ['reporter', 'reported'] as const;

const toReportedMessage = (entry: unknown): ReportedMessage => {
  const message = asMap(entry, 'messages[]');
  return {
    from: asOneOf(message.from, 'messages[].from', SIDES),
    text: stringAttribute(message, 'text'),
    sentAt: stringAttribute(message, 'sentAt'),
  };
};

export const toReport = (item: Item): ReportRecord => {
  const messages = item.messages === undefined ? [] : listAttribute(item, 'messages').map(toReportedMessage);
  const decisionId = optionalStringAttribute(item, 'decisionId');
  const resolvedAt = optionalStringAttribute(item, 'resolvedAt');
  return {
    id: stringAttribute(item, 'id'),
    reporterId: stringAttribute(item, 'reporterId'),
    reportedUserId: stringAttribute(item, 'reportedUserId'),
    reason: oneOfAttribute(item, 'reason', reportReasons),
    details: optionalStringAttribute(item, 'details'),
    createdAt: stringAttribute(item, 'createdAt'),
    ...(messages.length === 0 ? {} : { messages }),
    ...(decisionId === null || resolvedAt === null ? {} : { resolution: { decisionId, at: resolvedAt } }),
  };
};

/** GSI1 of an open report: the moderation queue (a decided report leaves it). */
export const openReportQueueAttributes = (report: Pick<ReportRecord, 'createdAt' | 'id'>) => ({
  [GSI1.partitionKey]: MODERATION_REPORTS_PARTITION,
  [GSI1.sortKey]: `${report.createdAt}#${report.id}`,
});

/** A report's entry in erasure's inverse index, under the reported user (GSI2: GSI1 is the moderation queue). */
export const reportReferenceAttributes = (reportedUserId: string, createdAt: string, reportId: string) => ({
  [GSI2.partitionKey]: referencesPartition(reportedUserId),
  [GSI2.sortKey]: `${REFERENCE_PREFIXES.report}${createdAt}#${reportId}`,
});

/** `USER#<reporter>`/`REPORT#<createdAt>#<id>`, in the moderation queue and in the inverse index. */
export const reportItem = (report: ReportRecord): Item => ({
  ...reportKey(report.reporterId, report.createdAt, report.id),
  entity: 'report',
  id: report.id,
  reporterId: report.reporterId,
  reportedUserId: report.reportedUserId,
  reason: report.reason,
  ...(report.details === null ? {} : { details: report.details }),
  createdAt: report.createdAt,
  ...(report.messages === undefined || report.messages.length === 0
    ? {}
    : { messages: report.messages.map(({ from, text, sentAt }) => ({ from, text, sentAt })) }),
  // The moderation queue: every open report, oldest first.
  ...(report.resolution === undefined
    ? openReportQueueAttributes(report)
    : { decisionId: report.resolution.decisionId, resolvedAt: report.resolution.at }),
  // Erasure's inverse index: erasing the reported user pseudonymizes the report (README "Erasure").
  ...reportReferenceAttributes(report.reportedUserId, report.createdAt, report.id),
});

export function createDynamoDbReports(table: TableHandle): ReportRepository {
  const { client, tableName } = table;
  return {
    async add(report) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: reportItem(report),
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
    },

    async listByReporter(userId) {
      // Sort keys are `REPORT#<createdAt>#<id>`: sort-key order is oldest first.
      return (await queryPrefix(table, userPartition(userId), REPORT_PREFIX)).map(toReport);
    },
  };
}
