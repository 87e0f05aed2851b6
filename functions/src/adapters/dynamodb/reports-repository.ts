import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { reportReasons } from '../../contract/matching';
import type { ReportRecord, ReportRepository } from '../../ports/matching';
import { type Item, oneOfAttribute, optionalStringAttribute, stringAttribute } from './item-attributes';
import { MODERATION_REPORTS_PARTITION, REPORT_PREFIX, reportKey, userPartition } from './keys';
import { queryPrefix } from './query-prefix';
import { GSI1, PARTITION_KEY, type TableHandle } from './table';

const toReport = (item: Item): ReportRecord => ({
  id: stringAttribute(item, 'id'),
  reporterId: stringAttribute(item, 'reporterId'),
  reportedUserId: stringAttribute(item, 'reportedUserId'),
  reason: oneOfAttribute(item, 'reason', reportReasons),
  details: optionalStringAttribute(item, 'details'),
  createdAt: stringAttribute(item, 'createdAt'),
});

export function createDynamoDbReportRepository(table: TableHandle): ReportRepository {
  const { client, tableName } = table;
  return {
    async add(report) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...reportKey(report.reporterId, report.createdAt, report.id),
            entity: 'report',
            id: report.id,
            reporterId: report.reporterId,
            reportedUserId: report.reportedUserId,
            reason: report.reason,
            ...(report.details === null ? {} : { details: report.details }),
            createdAt: report.createdAt,
            // The moderation queue: every report, oldest first.
            [GSI1.partitionKey]: MODERATION_REPORTS_PARTITION,
            [GSI1.sortKey]: `${report.createdAt}#${report.id}`,
          },
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
