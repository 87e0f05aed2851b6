import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { reportReasons } from '../../contract/matching';
import type { ReportRecord, ReportRepository } from '../../ports/matching';
import { type Item, oneOfAttribute, optionalStringAttribute, stringAttribute } from './item-attributes';
import { MODERATION_REPORTS_PARTITION, REPORT_PREFIX, reportKey, userPartition } from './keys';
import { GSI1, PARTITION_KEY, SORT_KEY, type TableHandle } from './table';

const toReport = (item: Item): ReportRecord => ({
  id: stringAttribute(item, 'id'),
  reporterId: stringAttribute(item, 'reporterId'),
  reportedUserId: stringAttribute(item, 'reportedUserId'),
  reason: oneOfAttribute(item, 'reason', reportReasons),
  details: optionalStringAttribute(item, 'details'),
  createdAt: stringAttribute(item, 'createdAt'),
});

export function createDynamoDbReportRepository({ client, tableName }: TableHandle): ReportRepository {
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
      const reports: ReportRecord[] = [];
      let startKey: Item | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
            ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': REPORT_PREFIX },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        reports.push(...(page.Items ?? []).map(toReport));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return reports;
    },
  };
}
