import { createHash, timingSafeEqual } from 'node:crypto';
import { createJsonLogger } from '../../adapters/log/json-logger';
import { AppError, ServiceUnavailableError } from '../../domain/errors';
import { errorResult } from '../../handlers/http/middleware/error-envelope';

/** The header CloudFront adds to every request it sends to the HTTP and WebSocket APIs (infra/lib/web-stack.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * The edge check of every function behind CloudFront: CloudFront adds the origin-verify secret to each request
 * it sends to the HTTP API and to the WebSocket API's `$connect` (infra/lib/web-stack.ts), so a request
 * without it came straight to the execute-api endpoint, past CloudFront and its web ACL, and is refused
 * before anything else runs. With no secret configured (tests of single functions, LocalStack) nothing is
 * checked; the CDK app always configures one.
 */
export type OriginCheck =
  | { outcome: 'pass'; secret: string | undefined }
  | { outcome: 'refused' }
  | { outcome: 'unavailable'; error: unknown };

/** Header names of WebSocket events keep the sender's case; those of HTTP API v2 events are lowercase. */
export function headerValue(
  headers: Record<string, string | undefined> | undefined,
  name: string,
): string | undefined {
  if (headers === undefined) return undefined;
  const exact = headers[name];
  if (exact !== undefined) return exact;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Equal strings, compared in time independent of where they differ and of their lengths (digests). */
export function sameSecret(presented: string, secret: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(secret));
}

/**
 * `readSecret` resolves the configured secret (undefined when none is configured) and throws when it cannot
 * be read: the request is then refused as unavailable, never let through unchecked.
 */
export async function checkOrigin(
  headers: Record<string, string | undefined> | undefined,
  readSecret: () => Promise<string | undefined>,
): Promise<OriginCheck> {
  let secret: string | undefined;
  try {
    secret = await readSecret();
  } catch (error) {
    return { outcome: 'unavailable', error };
  }
  if (secret === undefined) return { outcome: 'pass', secret };
  const presented = headerValue(headers, ORIGIN_VERIFY_HEADER);
  if (presented === undefined || !sameSecret(presented, secret)) return { outcome: 'refused' };
  return { outcome: 'pass', secret };
}

/** An HTTP answer that also serves as a refused `$connect` (whose status is what matters). */
export interface EdgeRefusal {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function noStore(error: AppError): EdgeRefusal {
  const result = errorResult(error);
  return {
    statusCode: error.status,
    headers: { ...result.headers, 'cache-control': 'no-store' },
    body: result.body ?? '',
  };
}

/** The 403 envelope of a request that did not come through CloudFront. */
export const originRefusedResult = (): EdgeRefusal =>
  noStore(new AppError('forbidden', 'Requests must come through the site, not the API endpoint'));

/**
 * The 503 envelope when the secret to check against cannot be read (the next request reads again); the cause
 * is logged, since the answer cannot say it.
 */
export function originUnavailableResult(error: unknown): EdgeRefusal {
  createJsonLogger().error('could not read the origin-verify secret', {
    error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
  });
  return noStore(new ServiceUnavailableError());
}
