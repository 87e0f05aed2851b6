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
/**
 * A Vite asset name: `<name>-<hash>.<ext>`, the hash 8 or more URL-safe base64 characters. Only such files
 * are cached for a year; anything else under /assets (a file copied from public/) revalidates.
 */
const HASHED_ASSET = /-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;
/** Precompressed siblings written at build time (functions/scripts/precompress.ts), best first. */
const ENCODINGS = [
  { token: 'br', suffix: '.br' },
  { token: 'gzip', suffix: '.gz' },
] as const;
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
      const hashed = segments[0] === 'assets' && HASHED_ASSET.test(segments.at(-1) ?? '');
      await sendFile(request, response, file, hashed ? IMMUTABLE : REVALIDATE);
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

/** The encodings the client accepts (q > 0), from Accept-Encoding. */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    if (name !== '' && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  return accepted;
}

/** The precompressed sibling to send (`.br` before `.gz`), if the client takes it and the build wrote it. */
async function precompressed(
  request: IncomingMessage,
  file: FoundFile,
): Promise<{ encoding: string; found: FoundFile } | null> {
  const accepted = acceptedEncodings(request.headers['accept-encoding']);
  for (const { token, suffix } of ENCODINGS) {
    if (!accepted.has(token)) continue;
    const path = file.path + suffix;
    const stats = await stat(path).catch(() => null);
    if (stats?.isFile()) return { encoding: token, found: { path, stats } };
  }
  return null;
}

/** A single `bytes=` range within `size`; 'unsatisfiable', or null to send the whole file. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or another unit: answering with the whole file is always allowed.
  if (match === null) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * Sends a file: its brotli or gzip sibling when the client accepts one and the build wrote it (`Vary:
 * Accept-Encoding`), conditional requests (ETag, 304), and single byte ranges of the file itself (206, 416;
 * `If-Range` with a stale validator gets the whole file).
 */
async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: FoundFile,
  cacheControl: string,
): Promise<void> {
  const etagOf = (stats: Stats, suffix = '') =>
    `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}${suffix}"`;
  const rangeHeader = request.headers.range;
  // A range request gets ranges of the file as it is (identity), so offsets mean the same to every client.
  const compressed = rangeHeader === undefined ? await precompressed(request, file) : null;
  const hasVariants = compressed !== null || (await precompressedExists(file));
  const sent = compressed?.found ?? file;
  const etag = etagOf(file.stats, compressed ? `-${compressed.encoding}` : '');
  const headers: Record<string, string> = {
    'content-type': contentTypeFor(extname(file.path)),
    'cache-control': cacheControl,
    etag,
    'last-modified': file.stats.mtime.toUTCString(),
    'accept-ranges': 'bytes',
    ...(hasVariants ? { vary: 'Accept-Encoding' } : {}),
    ...(compressed ? { 'content-encoding': compressed.encoding } : {}),
  };
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  const ifRange = request.headers['if-range'];
  const rangeApplies = ifRange === undefined || String(ifRange).trim() === etag;
  const range = rangeApplies ? parseRange(rangeHeader, file.stats.size) : null;
  if (range === 'unsatisfiable') {
    response.writeHead(416, {
      ...headers,
      'content-range': `bytes */${file.stats.size}`,
      'content-length': '0',
    });
    response.end();
    return;
  }
  if (range !== null) {
    response.writeHead(206, {
      ...headers,
      'content-range': `bytes ${range.start}-${range.end}/${file.stats.size}`,
      'content-length': String(range.end - range.start + 1),
    });
  } else {
    response.writeHead(200, { ...headers, 'content-length': String(sent.stats.size) });
  }
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  try {
    const stream =
      range === null
        ? createReadStream(sent.path)
        : createReadStream(file.path, { start: range.start, end: range.end });
    await pipeline(stream, response);
  } catch {
    // The client went away, or the file vanished mid-read: headers are out, so all we can do is close.
    response.destroy();
  }
}

async function precompressedExists(file: FoundFile): Promise<boolean> {
  for (const { suffix } of ENCODINGS) {
    if ((await stat(file.path + suffix).catch(() => null))?.isFile()) return true;
  }
  return false;
}
