import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentValues } from '../scripts/values-docs';
import {
  generateValuesSchema,
  isSchemaCurrent,
  readSchemaDefinitions,
  renderSchema,
  SchemaAnnotationError,
} from '../scripts/values-schema';
import { chartDir } from './support/chart';

const valuesYaml = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
const committed = readFileSync(join(chartDir, 'values.schema.json'), 'utf8');

describe('values.schema.json', () => {
  it('is what values.yaml and its @schema annotations generate (run npm run helm:docs)', () => {
    const generated = generateValuesSchema(valuesYaml, readSchemaDefinitions());
    expect(isSchemaCurrent(committed, generated)).toBe(true);
  });

  it('keeps its strictness: unknown keys refused everywhere a map of values is defined', () => {
    const schema = JSON.parse(committed) as {
      additionalProperties: unknown;
      properties: Record<string, { additionalProperties?: unknown; properties?: unknown }>;
    };
    expect(schema.additionalProperties).toBe(false);
    for (const key of ['image', 'config', 'secret', 'database', 'media', 'ingress', 'networkPolicy'])
      expect(schema.properties[key]?.additionalProperties, key).toBe(false);
  });
});

describe('values schema generator', () => {
  const generate = (yaml: string) => generateValuesSchema(yaml, {});

  it('infers each type from the default and closes every map to its own keys', () => {
    const yaml = [
      'count: 3',
      'ratio: 0.5',
      'name: x',
      'on: true',
      'list: []',
      'free: {}',
      'nested:',
      '  a: 1',
      '',
    ];
    expect(generate(yaml.join('\n'))).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: {
        count: { type: 'integer' },
        ratio: { type: 'number' },
        name: { type: 'string' },
        on: { type: 'boolean' },
        list: { type: 'array' },
        free: { type: 'object' },
        nested: { type: 'object', additionalProperties: false, properties: { a: { type: 'integer' } } },
      },
      definitions: {},
    });
  });

  it('adds the keywords of @schema lines, marks required keys and takes $ref nodes as written', () => {
    const yaml = [
      '# @schema.root { title: t }',
      '',
      'config:',
      '  # -- The level.',
      '  # @schema { enum: [debug, info] }',
      '  # @schema { required: true }',
      '  level: info',
      '  # @schema { type: [boolean, "null"] }',
      '  trust: null',
      '# @schema { $ref: "#/definitions/probe" }',
      'probe:',
      '  periodSeconds: 2',
      '',
    ].join('\n');
    expect(generate(yaml)).toMatchObject({
      title: 't',
      properties: {
        config: {
          type: 'object',
          additionalProperties: false,
          required: ['level'],
          properties: {
            level: { type: 'string', enum: ['debug', 'info'] },
            trust: { type: ['boolean', 'null'] },
          },
        },
        probe: { $ref: '#/definitions/probe' },
      },
    });
  });

  it('refuses annotations it would silently drop, or cannot read', () => {
    const insideRef = [
      '# @schema { $ref: "#/definitions/x" }',
      'a:',
      '  # @schema { minimum: 1 }',
      '  b: 1',
      '',
    ];
    expect(() => generate(insideRef.join('\n'))).toThrow(/inside a \$ref'd value.*a\.b/);
    expect(() => generate('# @schema { minimum: [1 }\nx: 1\n')).toThrow(SchemaAnnotationError);
    expect(() => generate('# @schema { required: yes-please }\nx: 1\n')).toThrow(/required/);
  });

  it('keeps @schema lines out of the values table', () => {
    const yaml = '# -- Replicas.\n# @schema { minimum: 0 }\nreplicas: 1\n';
    expect(documentValues(yaml).values[0]?.description).toBe('Replicas.');
  });

  it('tells a stale schema from a re-laid-out one', () => {
    const schema = generate('x: 1\n');
    const compact = JSON.stringify(schema);
    expect(isSchemaCurrent(compact, schema)).toBe(true);
    expect(isSchemaCurrent(renderSchema(schema), schema)).toBe(true);
    expect(isSchemaCurrent(compact.replace('integer', 'string'), schema)).toBe(false);
    expect(isSchemaCurrent('not json', schema)).toBe(false);
  });
});
