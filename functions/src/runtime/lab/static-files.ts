import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from './content-types';
import { refuseUnlessGetOrHead, sendError } from './json-response';
import { placeholderPage } from './placeholder-page';
import type { RequestTarget } from './request-target';

/** Vite puts content-hashed files under /assets: a new build means new names, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html first) may change with a deploy: always revalidate. */
const REVALIDATE = 'no-cache';

interface FoundFile {
  path: string;
  stats: Stats;
}

/**
 * The path's segments, decoded, or null when the path tries to leave the folder or hide what it asks
 * for: `..` and `.` segments (raw or encoded), encoded slashes and backslashes, NUL, bad escapes.
 */
export function staticPathSegments(rawPath: string): string[] | null {
  if (/%2f|%5c|%00/i.test(rawPath) || rawPath.includes('\\') || rawPath.includes('\0')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..' || segment.includes('\0'))) return null;
  return segments;
}

/** Resolves a file strictly inside `root` (symlinks followed, then checked); null for anything else. */
async function findFile(root: string, segments: readonly string[]): Promise<FoundFile | null> {
  try {
    const path = await realpath(join(root, ...segments));
    if (!path.startsWith(root + sep)) return null;
    const stats = await stat(path);
    return stats.isFile() ? { path, stats } : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built SPA from `webDir`: files as they are, `index.html` for `/` and for any path without
 * an extension (client-side routes like /matches/42), a 404 envelope for a missing file with an
 * extension (a stale /assets/*.js must fail loudly, not turn into HTML). No directory listings, no
 * dotfiles (except /.well-known), nothing outside `webDir`.
 */
export function createStaticFiles(webDir: string) {
  return async (request: IncomingMessage, response: ServerResponse, target: RequestTarget): Promise<void> => {
    if (refuseUnlessGetOrHead(request, response)) return;
    const segments = staticPathSegments(target.path);
    if (segments === null) {
      sendError(response, 'validation_failed', 'This path is not allowed');
      return;
    }
    if (segments.some((segment) => segment.startsWith('.') && segment !== '.well-known')) {
      sendError(response, 'not_found', 'Not found');
      return;
    }

    const root = await realpath(webDir).catch(() => null);
    const file = root !== null && segments.length > 0 ? await findFile(root, segments) : null;
    if (file !== null) {
      await sendFile(request, response, file, segments[0] === 'assets' ? IMMUTABLE : REVALIDATE);
      return;
    }
    if (segments.length > 0 && extname(segments.at(-1) ?? '') !== '') {
      sendError(response, 'not_found', 'Not found');
      return;
    }
    const index = root !== null ? await findFile(root, ['index.html']) : null;
    if (index !== null) {
      await sendFile(request, response, index, REVALIDATE);
      return;
    }
    const page = Buffer.from(placeholderPage);
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(page.length),
      'cache-control': REVALIDATE,
    });
    response.end(request.method === 'HEAD' ? undefined : page);
  };
}

async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: FoundFile,
  cacheControl: string,
): Promise<void> {
  const etag = `W/"${file.stats.size.toString(16)}-${Math.floor(file.stats.mtimeMs).toString(16)}"`;
  const headers = {
    'content-type': contentTypeFor(extname(file.path)),
    'cache-control': cacheControl,
    etag,
    'last-modified': file.stats.mtime.toUTCString(),
  };
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': String(file.stats.size) });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  try {
    await pipeline(createReadStream(file.path), response);
  } catch {
    // The client went away, or the file vanished mid-read: headers are out, so all we can do is close.
    response.destroy();
  }
}
