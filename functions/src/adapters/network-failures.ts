/**
 * Node's socket error codes that mean the other end cannot be reached right now (down, restarting,
 * unreachable, or gone in the middle of a request: `socket hang up` is ECONNRESET), not that the request was
 * wrong. Shared by the PostgreSQL and DynamoDB adapters, which answer them `503 service_unavailable`.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
