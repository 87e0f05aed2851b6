import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode, ErrorEnvelope } from '../../contract/errors';
import { errorStatus } from '../../contract/errors';
import { noteErrorCode } from './error-codes';

/** A JSON answer written by the runtime itself (health, gateway failures, static 404s). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : payload);
}

/** Probes and static files answer GET and HEAD only; true when it refused the request. */
export function refuseUnlessGetOrHead(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  sendError(response, 'method_not_allowed', 'Only GET and HEAD are allowed here', {
    headers: { allow: 'GET, HEAD' },
  });
  return true;
}

/**
 * The API error envelope, for failures the runtime answers before (or instead of) a handler. `status`
 * defaults to the code's own; gateway conditions such as a timeout answer their own status.
 */
export function sendError(
  response: ServerResponse,
  code: ErrorCode,
  message: string,
  options: { status?: number; headers?: Record<string, string> } = {},
): void {
  const envelope: ErrorEnvelope = { error: { code, message } };
  noteErrorCode(response, code);
  sendJson(response, options.status ?? errorStatus[code], envelope, options.headers);
}
