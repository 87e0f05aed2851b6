import { AppError } from '../../domain/errors';

/** Lists default to 20 items (the contract caps `limit` at 50). */
export const DEFAULT_PAGE_LIMIT = 20;

/**
 * Opaque keyset cursors for lists ordered newest first: the (time, id) of the last item of a page, as
 * base64url JSON. Clients only pass them back; anything else is a 400.
 */
export const encodePageCursor = (at: string, id: string): string =>
  Buffer.from(JSON.stringify([at, id])).toString('base64url');

const invalidCursor = () =>
  new AppError('validation_failed', 'The cursor is not one this API gave out', {
    fields: { 'query.cursor': ['is not a valid cursor'] },
  });

export function decodePageCursor(cursor: string): { at: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string') throw invalidCursor();
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) throw invalidCursor();
  return { at: new Date(at).toISOString(), id };
}

/** Asks the store for one item more than the page, to know whether another page follows. */
export function pageOf<T>(
  fetched: readonly T[],
  limit: number,
  keyOf: (item: T) => { at: string; id: string },
): { items: T[]; nextCursor: string | null } {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = fetched.length > limit && last ? encodePageCursor(keyOf(last).at, keyOf(last).id) : null;
  return { items, nextCursor };
}
