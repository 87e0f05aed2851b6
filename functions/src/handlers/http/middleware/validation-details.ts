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
