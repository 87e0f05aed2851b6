import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'authorization, content-type';
const EXPOSED_HEADERS = 'x-request-id, retry-after';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for development only (a Vite dev server on another port): the deployed app is one origin and
 * needs none. An origin that is not listed gets no CORS header at all, so the browser blocks it.
 * Returns true when it answered a preflight itself (as API Gateway's CORS configuration does).
 */
export function createCors(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (allowed.size === 0) return false;
    response.appendHeader('vary', 'origin');
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return false;

    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('access-control-allow-credentials', 'true');
    if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined) {
      response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      return false;
    }
    response.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
      'content-length': '0',
    });
    response.end();
    return true;
  };
}
