/** Drivers hand timestamptz back as Date (or text, depending on type parsers): normalize to ISO-8601 UTC. */
export function isoFromTimestamp(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new Error(`unreadable timestamp from the database: ${String(value)}`);
  return date.toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : isoFromTimestamp(value);
}
