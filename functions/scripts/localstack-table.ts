import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableDefinition } from '../src/adapters/dynamodb/table';

/** Writes localstack/init/table.json from the adapter's table definition (`--check`: fail when stale). */
export const tableJsonPath = fileURLToPath(new URL('../../localstack/init/table.json', import.meta.url));
export const renderTableJson = () => `${JSON.stringify(tableDefinition, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(tableJsonPath, renderTableJson());
  console.log(`wrote ${tableJsonPath}`);
}
