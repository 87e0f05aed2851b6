/** Typed reads of stored items: a malformed item fails loudly instead of leaking a wrong shape. */
export type Item = Record<string, unknown>;

const malformed = (name: string, expected: string): Error =>
  new Error(`DynamoDB item attribute "${name}" is not ${expected}`);

export function asString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw malformed(name, 'a string');
  return value;
}

export function asNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') throw malformed(name, 'a number');
  return value;
}

export function asMap(value: unknown, name: string): Item {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(name, 'a map');
  return value as Item;
}

export function asList(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw malformed(name, 'a list');
  return value;
}

export function asOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw malformed(name, `one of ${allowed.join(', ')}`);
  return match;
}

export const stringAttribute = (item: Item, name: string) => asString(item[name], name);

/** Nullable record fields are stored as absent attributes, never as NULL. */
export const optionalStringAttribute = (item: Item, name: string) =>
  item[name] === undefined ? null : asString(item[name], name);

export const numberAttribute = (item: Item, name: string) => asNumber(item[name], name);

export const mapAttribute = (item: Item, name: string) => asMap(item[name], name);

export const listAttribute = (item: Item, name: string) => asList(item[name], name);

export const stringListAttribute = (item: Item, name: string) =>
  asList(item[name], name).map((entry) => asString(entry, `${name}[]`));

export const oneOfAttribute = <T extends string>(item: Item, name: string, allowed: readonly T[]) =>
  asOneOf(item[name], name, allowed);

/** TTL attributes are epoch seconds; DynamoDB deletes the item some time after that second. */
export const epochSeconds = (iso: string): number => Math.ceil(Date.parse(iso) / 1000);
