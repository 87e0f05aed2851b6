import type * as z from 'zod/mini';

/** `{ fields: { "location.lat": ["Too big: expected number to be <=90"] } }`: what the client needs to fix. */
export function validationDetails(issues: readonly z.core.$ZodIssue[], prefix?: string) {
  // No prototype: a body key named `constructor` or `__proto__` must be a field like any other.
  const fields: Record<string, string[]> = Object.create(null);
  const add = (key: string, message: string) => {
    const list = Object.hasOwn(fields, key) ? (fields[key] as string[]) : [];
    if (!list.includes(message)) list.push(message);
    fields[key] = list;
  };
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(path ? `${path}.${key}` : key, 'is not allowed');
    } else {
      add(path || '(root)', issue.message);
    }
  }
  return { fields };
}

/**
 * U+0000 passes JSON and the schemas, but no text needs it and PostgreSQL text cannot store it (the insert
 * failed: a 500). Refused like any invalid field, the same on every store: the details of the fields holding
 * it in a validated value, or null when none does.
 */
export function nulCharacterDetails(value: unknown, prefix?: string) {
  const fields: Record<string, string[]> = Object.create(null);
  const visit = (node: unknown, path: string[]): void => {
    if (typeof node === 'string') {
      if (node.includes('\u0000'))
        fields[[prefix, ...path].filter(Boolean).join('.') || '(root)'] = [NUL_MESSAGE];
    } else if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, [...path, String(index)]);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) visit(item, [...path, key]);
    }
  };
  visit(value, []);
  return Object.keys(fields).length > 0 ? { fields } : null;
}

const NUL_MESSAGE = 'must not contain the character U+0000';
