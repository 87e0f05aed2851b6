import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * values.schema.json, generated from values.yaml and its `# @schema` annotations (the convention of the
 * external-dns chart and helm-values-schema-json, without a Helm plugin):
 *
 * - every key gets a schema node; its `type` is inferred from the default (`string`, `integer`, `number`,
 *   `boolean`, `array`, `object`) unless the annotation names one, or a `$ref`, `anyOf` or `oneOf`;
 * - a key whose default is a non-empty map becomes an object of exactly those keys (`additionalProperties:
 *   false`), each described the same way, recursively;
 * - `# @schema <YAML flow mapping>` lines in the comment block just above a key add JSON Schema keywords to
 *   its node (several lines merge; the annotation wins over inference). `required: true` there lists the key
 *   in its parent's `required`. A node with `$ref` is taken as written, and its children are not walked;
 * - `# @schema.root <YAML flow mapping>` lines (anywhere) add keywords to the root: title, extra properties;
 * - the shared Kubernetes types that the `$ref`s point at (`#/definitions/...`) come from
 *   `schema-definitions.yaml` beside this script.
 *
 * `npm run helm:docs` writes the result; a helm test fails when the committed schema differs from it.
 */
export type JsonSchema = { [keyword: string]: unknown };

const KEY_LINE = /^(\s*)("[^"]+"|'[^']+'|[A-Za-z0-9_.\-/]+):(?:\s|$)/;
const COMMENT = /^\s*#\s?(.*)$/;
const ANNOTATION = /^@schema\s+(.+)$/;
const ROOT_ANNOTATION = /^@schema\.root\s+(.+)$/;

/** Is this comment text a schema annotation (left out of the values table's descriptions)? */
export const isSchemaAnnotation = (commentText: string) => /^@schema(\.root)?\s/.test(commentText.trim());

export class SchemaAnnotationError extends Error {
  override name = 'SchemaAnnotationError';
}

function parseAnnotation(text: string, where: string): JsonSchema {
  let parsed: unknown;
  try {
    parsed = parse(text.trim().startsWith('{') ? text : `{${text}}`);
  } catch (error) {
    throw new SchemaAnnotationError(`${where}: unreadable @schema annotation (${(error as Error).message})`);
  }
  if (!isMap(parsed)) throw new SchemaAnnotationError(`${where}: a @schema annotation must be a mapping`);
  return parsed;
}

/** The annotations of values.yaml: per dotted key path, and for the root. */
export function readAnnotations(valuesYaml: string): { byPath: Map<string, JsonSchema>; root: JsonSchema } {
  const byPath = new Map<string, JsonSchema>();
  let root: JsonSchema = {};
  const stack: { indent: number; key: string }[] = [];
  let block: JsonSchema = {};
  const lines = valuesYaml.split('\n');
  lines.forEach((line, index) => {
    const where = `values.yaml:${index + 1}`;
    if (line.trim() === '') {
      block = {};
      return;
    }
    const comment = COMMENT.exec(line);
    if (comment) {
      const text = (comment[1] ?? '').trim();
      const rootAnnotation = ROOT_ANNOTATION.exec(text);
      if (rootAnnotation) root = deepMerge(root, parseAnnotation(rootAnnotation[1] ?? '', where));
      const annotation = ANNOTATION.exec(text);
      if (annotation) block = deepMerge(block, parseAnnotation(annotation[1] ?? '', where));
      return;
    }
    const keyLine = KEY_LINE.exec(line);
    if (!keyLine) {
      block = {}; // a list item or a continuation: annotations belong to keys only
      return;
    }
    const indent = keyLine[1]?.length ?? 0;
    const key = (keyLine[2] ?? '').replace(/^["']|["']$/g, '');
    while (stack.length > 0 && (stack.at(-1)?.indent ?? -1) >= indent) stack.pop();
    stack.push({ indent, key });
    if (Object.keys(block).length > 0) byPath.set(stack.map((frame) => frame.key).join('.'), block);
    block = {};
  });
  return { byPath, root };
}

/** The schema of values.yaml: inferred from its defaults, refined by its annotations. */
export function generateValuesSchema(valuesYaml: string, definitions: JsonSchema): JsonSchema {
  const values: unknown = parse(valuesYaml);
  if (!isMap(values)) throw new SchemaAnnotationError('values.yaml must be a mapping');
  const { byPath, root } = readAnnotations(valuesYaml);
  const used = new Set<string>();

  const nodeFor = (path: readonly string[], value: unknown): { schema: JsonSchema; required: boolean } => {
    const key = path.join('.');
    const annotation = byPath.get(key) ?? {};
    if (byPath.has(key)) used.add(key);
    const { required, ...keywords } = annotation;
    if (required !== undefined && typeof required !== 'boolean') {
      throw new SchemaAnnotationError(`${key}: "required" in a @schema annotation is true or false`);
    }
    if ('$ref' in keywords) return { schema: keywords, required: required === true };
    const schema: JsonSchema = {};
    if (!('type' in keywords || 'anyOf' in keywords || 'oneOf' in keywords)) schema.type = typeOf(value);
    if (isMap(value) && Object.keys(value).length > 0) {
      Object.assign(schema, objectOf(path, value));
    }
    return { schema: deepMerge(schema, keywords), required: required === true };
  };

  const objectOf = (path: readonly string[], value: Record<string, unknown>): JsonSchema => {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [child, childValue] of Object.entries(value)) {
      const node = nodeFor([...path, child], childValue);
      properties[child] = node.schema;
      if (node.required) required.push(child);
    }
    return {
      additionalProperties: false,
      properties,
      ...(required.length > 0 ? { required } : {}),
    };
  };

  const schema = deepMerge(
    {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      ...objectOf([], values),
    },
    root,
  );
  const stray = [...byPath.keys()].filter((key) => !used.has(key));
  if (stray.length > 0) {
    throw new SchemaAnnotationError(
      `@schema annotations on keys inside a $ref'd value (not walked): ${stray.join(', ')}`,
    );
  }
  return { ...schema, definitions };
}

/** The shared Kubernetes types (`#/definitions/...`), from schema-definitions.yaml beside this script. */
export function readSchemaDefinitions(
  file = join(dirname(fileURLToPath(import.meta.url)), 'schema-definitions.yaml'),
): JsonSchema {
  const definitions: unknown = parse(readFileSync(file, 'utf8'));
  if (!isMap(definitions)) throw new SchemaAnnotationError(`${file} must be a mapping of definitions`);
  return definitions;
}

/** The file's text before Biome lays it out (Biome formats JSON; `isSchemaCurrent` ignores layout). */
export const renderSchema = (schema: JsonSchema) => `${JSON.stringify(schema, null, 2)}\n`;

/** Is the committed values.schema.json the generated schema (layout aside)? */
export function isSchemaCurrent(committedJson: string, generated: JsonSchema): boolean {
  let committed: unknown;
  try {
    committed = JSON.parse(committedJson);
  } catch {
    return false;
  }
  return JSON.stringify(committed) === JSON.stringify(generated);
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (isMap(value)) return 'object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value === null) return 'null';
  return 'string';
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Maps merge key by key (the right side wins); anything else is replaced. */
function deepMerge(left: JsonSchema, right: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const current = merged[key];
    merged[key] = isMap(current) && isMap(value) ? deepMerge(current, value) : value;
  }
  return merged;
}
