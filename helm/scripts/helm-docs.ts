import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentValues, isValuesTableCurrent, renderValuesTable, withValuesTable } from './values-docs';
import { generateValuesSchema, isSchemaCurrent, readSchemaDefinitions, renderSchema } from './values-schema';

/**
 * `npm run helm:docs`: regenerates, from values.yaml, the values table of helm/dating-app/README.md (its `# --`
 * comments) and values.schema.json (its defaults and `# @schema` annotations, plus schema-definitions.yaml),
 * then lets Biome lay both out. `npm run helm:docs -- --check` exits 1 when either is stale (the helm tests
 * check the same).
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chartDir = join(repoRoot, 'helm', 'dating-app');
const readmePath = join(chartDir, 'README.md');
const schemaPath = join(chartDir, 'values.schema.json');
const valuesYaml = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
const { values, undocumented } = documentValues(valuesYaml);
if (undocumented.length > 0) {
  process.stderr.write(
    `values.yaml: undocumented values (add a "# -- " comment): ${undocumented.join(', ')}\n`,
  );
  process.exit(1);
}
const table = renderValuesTable(values);
const schema = generateValuesSchema(valuesYaml, readSchemaDefinitions());
const currentReadme = readFileSync(readmePath, 'utf8');
const currentSchema = readFileSync(schemaPath, 'utf8');
if (process.argv.includes('--check')) {
  const stale = [
    ...(isValuesTableCurrent(currentReadme, table) ? [] : ['helm/dating-app/README.md']),
    ...(isSchemaCurrent(currentSchema, schema) ? [] : ['helm/dating-app/values.schema.json']),
  ];
  if (stale.length > 0) {
    process.stderr.write(`${stale.join(' and ')} stale: run npm run helm:docs\n`);
    process.exit(1);
  }
  process.stdout.write('helm/dating-app/README.md and values.schema.json are up to date\n');
} else {
  writeFileSync(readmePath, withValuesTable(currentReadme, table));
  writeFileSync(schemaPath, renderSchema(schema));
  const biome = spawnSync(
    join(repoRoot, 'node_modules', '.bin', 'biome'),
    ['format', '--write', readmePath, schemaPath],
    { stdio: 'inherit' },
  );
  if (biome.status !== 0) process.exit(biome.status ?? 1);
  process.stdout.write(
    `helm/dating-app/README.md: ${values.length} values documented; values.schema.json regenerated\n`,
  );
}
