import type { ServerResponse } from 'node:http';

/** The error-envelope code each failed answer carried, for the metrics (read when the response closes). */
const codes = new WeakMap<ServerResponse, string>();

const CODE = /^[a-z][a-z0-9_]{0,63}$/;

export function noteErrorCode(response: ServerResponse, code: string): void {
  if (CODE.test(code)) codes.set(response, code);
}

/** A handler's JSON error body (`{"error":{"code":...}}`): its code, else nothing. */
export function noteErrorBody(response: ServerResponse, body: Buffer): void {
  if (body.length === 0 || body.length > 16 * 1024) return;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || !('error' in parsed)) return;
    const error: unknown = parsed.error;
    if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
      noteErrorCode(response, error.code);
    }
  } catch {
    // Not JSON: no code.
  }
}

export const errorCodeOf = (response: ServerResponse): string | undefined => codes.get(response);
