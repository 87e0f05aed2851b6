import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, type AuditLogRepository, auditEventTypes } from '../../ports/audit-log';
import { epochSeconds, type Item, mapAttribute, oneOfAttribute, stringAttribute } from './item-attributes';
import { AUDIT_PREFIX, auditEventKey, userPartition } from './keys';
import { queryPages } from './query-pages';
import { PARTITION_KEY, SORT_KEY, type TableHandle, TTL_ATTRIBUTE } from './table';

/** Audit events are kept for a year, then DynamoDB's TTL removes them. */
const RETENTION_SECONDS = 365 * 24 * 3600;

const toEvent = (item: Item): AuditEvent => ({
  id: stringAttribute(item, 'id'),
  type: oneOfAttribute(item, 'type', auditEventTypes),
  userId: item.userId === undefined ? null : stringAttribute(item, 'userId'),
  ip: stringAttribute(item, 'ip'),
  userAgent: stringAttribute(item, 'userAgent'),
  at: stringAttribute(item, 'at'),
  details: mapAttribute(item, 'details') as AuditEvent['details'],
});

export function createDynamoDbAuditLog(table: TableHandle): AuditLogRepository {
  const { client, tableName } = table;
  return {
    async append(event) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...auditEventKey(event.userId, event.id, event.at.slice(0, 10)),
            entity: 'audit',
            id: event.id,
            type: event.type,
            ...(event.userId ? { userId: event.userId } : {}),
            ip: event.ip,
            userAgent: event.userAgent,
            at: event.at,
            details: event.details,
            [TTL_ATTRIBUTE]: epochSeconds(event.at) + RETENTION_SECONDS,
          },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
    },
    async listByUser(userId, limit, before) {
      const events: AuditEvent[] = [];
      // From just below `before`'s own key; one Query answers at most 1 MB, so follow the pages to `limit`.
      const pages = queryPages(
        table,
        {
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
          ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': AUDIT_PREFIX },
          ScanIndexForward: false,
          Limit: limit,
          ConsistentRead: true,
        },
        before ? { ...auditEventKey(userId, before, '') } : undefined,
      );
      for await (const page of pages) {
        events.push(...(page.Items ?? []).map(toEvent));
        if (events.length >= limit) break;
      }
      return events.slice(0, limit);
    },
  };
}
