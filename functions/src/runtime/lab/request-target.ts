/** The request line's target split into its parts, still percent-encoded and NOT normalized. */
export interface RequestTarget {
  /** E.g. `/api/profiles/01H%20X`; `..` segments are left in, for each consumer to refuse. */
  path: string;
  /** Without the `?`; '' when there is none. */
  rawQueryString: string;
}

/**
 * Accepts only the origin form (`/path?query`) that browsers and proxies send to an origin server.
 * Deliberately not `new URL()`: it would resolve `..` and re-encode, hiding what the client really asked
 * for from the checks that follow.
 */
export function parseRequestTarget(url: string | undefined): RequestTarget | null {
  if (url === undefined || !url.startsWith('/')) return null;
  const withoutFragment = url.split('#')[0] ?? '';
  const queryAt = withoutFragment.indexOf('?');
  return queryAt === -1
    ? { path: withoutFragment, rawQueryString: '' }
    : { path: withoutFragment.slice(0, queryAt), rawQueryString: withoutFragment.slice(queryAt + 1) };
}

/** `/api` itself and everything under it, but not `/apiary`. */
export const isUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
