import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MEDIA_CACHE_CONTROL, mediaKeyPattern } from '../../domain/photos';
import type { BlobStore } from '../../ports/blob-store';
import { sendError } from './json-response';

/**
 * `/media/*` as CloudFront serves it from the photos bucket on AWS: renditions only, from the blob store
 * (a folder, or the S3-compatible store in BLOBS=s3 mode). The path must match the rendition key format
 * exactly, so uploads, traversal (`..`, encoded or not), other files and folder listings all answer 404.
 * Cached for at most a minute (MEDIA_CACHE_CONTROL: a deleted photo must stop being served soon), with ETags
 * so a browser revalidates cheaply.
 */
export function createMediaFiles(blobs: BlobStore) {
  return async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendError(response, 'method_not_allowed', 'Only GET and HEAD are allowed here', {
        headers: { allow: 'GET, HEAD' },
      });
      return;
    }
    const key = path.slice(1);
    const object = mediaKeyPattern.test(key) ? await blobs.get(key) : null;
    if (!object) {
      sendError(response, 'not_found', 'Not found');
      return;
    }
    const etag = `"${createHash('sha256').update(object.body).digest('base64url').slice(0, 27)}"`;
    const headers = {
      'content-type': 'image/webp',
      'cache-control': MEDIA_CACHE_CONTROL,
      'x-content-type-options': 'nosniff',
      etag,
    };
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    response.writeHead(200, { ...headers, 'content-length': String(object.body.byteLength) });
    response.end(request.method === 'HEAD' ? undefined : object.body);
  };
}
