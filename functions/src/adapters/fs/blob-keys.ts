/**
 * Keys the filesystem store accepts: 1..8 `/`-separated segments of [A-Za-z0-9._-], none starting with a dot.
 * So no `.`/`..`, no absolute paths, no hidden files, and never a name the store's temp files use.
 */
const segment = '[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}';
const safeKey = new RegExp(`^${segment}(?:/${segment}){0,7}$`);

export const isSafeBlobKey = (key: string) => safeKey.test(key);

export class UnsafeBlobKeyError extends Error {
  override name = 'UnsafeBlobKeyError';
  constructor(key: string) {
    super(`unsafe blob key: ${JSON.stringify(key.slice(0, 200))}`);
  }
}

export function assertSafeBlobKey(key: string): void {
  if (!isSafeBlobKey(key)) throw new UnsafeBlobKeyError(key);
}
