import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentValues, isValuesTableCurrent, renderValuesTable, withValuesTable } from './values-docs';

/**
 * `npm run helm:docs`: regenerates the values table of helm/dating-app/README.md from values.yaml, then lets
 * Biome lay the README out (it aligns Markdown tables). `npm run helm:docs -- --check` exits 1 when the
 * table is stale (the helm tests check the same).
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chartDir = join(repoRoot, 'helm', 'dating-app');
const readmePath = join(chartDir, 'README.md');
const { values, undocumented } = documentValues(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
if (undocumented.length > 0) {
  process.stderr.write(
    `values.yaml: undocumented values (add a "# -- " comment): ${undocumented.join(', ')}\n`,
  );
  process.exit(1);
}
const table = renderValuesTable(values);
const current = readFileSync(readmePath, 'utf8');
if (process.argv.includes('--check')) {
  if (!isValuesTableCurrent(current, table)) {
    process.stderr.write('helm/dating-app/README.md is stale: run npm run helm:docs\n');
    process.exit(1);
  }
  process.stdout.write('helm/dating-app/README.md is up to date\n');
} else {
  writeFileSync(readmePath, withValuesTable(current, table));
  const biome = spawnSync(
    join(repoRoot, 'node_modules', '.bin', 'biome'),
    ['format', '--write', readmePath],
    {
      stdio: 'inherit',
    },
  );
  if (biome.status !== 0) process.exit(biome.status ?? 1);
  process.stdout.write(`helm/dating-app/README.md: ${values.length} values documented\n`);
}
