import * as z from 'zod/mini';
import './messages';

/** ULID: 26 Crockford base32 characters. */
export const Id = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id'));

export const IsoDateTime = z.iso.datetime();

export const PageQuery = z.strictObject({
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,3}$/, 'must be a whole number')),
      z.transform((value) => Math.min(Math.max(Number(value), 1), 50)),
    ),
  ),
  cursor: z.optional(z.string().check(z.maxLength(512))),
});

export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
