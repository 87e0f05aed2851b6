import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  documentValues,
  isValuesTableCurrent,
  renderValuesTable,
  TABLE_END,
  TABLE_START,
  withValuesTable,
} from '../scripts/values-docs';
import { chartDir } from './support/chart';

const valuesYaml = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as {
  properties: Record<string, unknown>;
};

describe('values documentation', () => {
  it('documents every value of values.yaml with a "# --" comment', () => {
    const { values, undocumented } = documentValues(valuesYaml);
    expect(undocumented).toEqual([]);
    expect(values.length).toBeGreaterThan(50);
    for (const value of values) expect(value.description, value.key).not.toBe('');
  });

  it('keeps the README values table in step with values.yaml (run npm run helm:docs)', () => {
    const readme = readFileSync(join(chartDir, 'README.md'), 'utf8');
    const table = renderValuesTable(documentValues(valuesYaml).values);
    expect(isValuesTableCurrent(readme, table)).toBe(true);
  });

  it('describes every top-level value in the schema, and nothing else', () => {
    const topLevel = Object.keys(
      documentValues(valuesYaml).values.reduce<Record<string, true>>((keys, value) => {
        keys[value.key.split('.')[0] ?? ''] = true;
        return keys;
      }, {}),
    );
    expect(
      Object.keys(schema.properties)
        .filter((key) => key !== 'global')
        .sort(),
    ).toEqual(topLevel.sort());
  });
});

describe('values docs generator', () => {
  it('documents a commented map as one row and reports uncommented leaves', () => {
    const yaml = [
      '# -- The size.',
      'size: 3',
      'section:',
      '  # -- A documented map,',
      '  # continued.',
      '  labels:',
      '    a: b',
      '  plain: x',
      '',
    ].join('\n');
    expect(documentValues(yaml)).toEqual({
      values: [
        { key: 'size', type: 'int', default: '3', description: 'The size.' },
        {
          key: 'section.labels',
          type: 'object',
          default: '{"a":"b"}',
          description: 'A documented map, continued.',
        },
      ],
      undocumented: ['section.plain'],
    });
  });

  it('tells a stale table from a re-aligned one', () => {
    const table = renderValuesTable([{ key: 'k', type: 'int', default: '1', description: 'One.' }]);
    const readme = withValuesTable(`# x\n${TABLE_START}\n${TABLE_END}\n`, table);
    const aligned = readme.replace('| k | int |', '| k   | int  |').replace('|-----|', '| --- |');
    expect(isValuesTableCurrent(aligned, table)).toBe(true);
    expect(isValuesTableCurrent(readme.replace('One.', 'Two.'), table)).toBe(false);
  });

  it('escapes pipes in the table', () => {
    const table = renderValuesTable([{ key: 'k', type: 'string', default: '"a|b"', description: 'x | y' }]);
    expect(table).toContain('`"a\\|b"` | x \\| y |');
  });
});
