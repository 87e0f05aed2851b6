/**
 * How often a request that DynamoDB answered "not now" (a transaction conflict, unprocessed batch keys, a
 * condition that lost a race) is tried before giving up. With the backoff below the worst case waits well
 * under a second in all.
 */
export const MAX_ATTEMPTS = 6;

/** Waits before attempt `attempt + 1`: "full jitter" exponential backoff, up to `baseMs * 2^attempt` ms. */
export const jitteredBackoff = (attempt: number, baseMs = 10): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * baseMs * 2 ** attempt));
