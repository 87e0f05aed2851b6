import type { SqlClient } from '../../src/adapters/postgres/sql-client';

/** One stored row (PostgreSQL) or item (DynamoDB), as JSON: what a test scans for traces of a user. */
export interface StoredRow {
  /** The table (PostgreSQL) or the item's `entity` attribute (DynamoDB). */
  kind: string;
  value: Record<string, unknown>;
  /** `value` as JSON text, for substring searches. */
  text: string;
}

const row = (kind: string, value: Record<string, unknown>): StoredRow => ({
  kind,
  value,
  text: JSON.stringify(value),
});

/** Every row of every table of the client's schema (found in information_schema, so new tables count too). */
export async function postgresRows(client: SqlClient): Promise<StoredRow[]> {
  const { rows: tables } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const all: StoredRow[] = [];
  for (const { table_name: table } of tables) {
    const { rows } = await client.query<{ value: Record<string, unknown> | string }>(
      `SELECT to_jsonb(t) AS value FROM "${table.replaceAll('"', '""')}" t`,
    );
    for (const { value } of rows) {
      all.push(row(table, typeof value === 'string' ? JSON.parse(value) : value));
    }
  }
  return all;
}

/** Every item of a scanned DynamoDB table, by its `entity` (`?` for an item without one). */
export function dynamoDbRows(items: readonly Record<string, unknown>[]): StoredRow[] {
  return items.map((item) => row(typeof item.entity === 'string' ? item.entity : '?', item));
}
