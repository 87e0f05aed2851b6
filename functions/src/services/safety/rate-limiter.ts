import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors';
import { defaultRateLimits, fixedWindow, type RateLimitName } from '../../domain/rate-limit-rules';
import type { Deps } from '../deps';

/**
 * Counts one attempt of `name` for `subject` and throws `429 rate_limited` (with Retry-After) past the limit.
 * Subjects are hashed: counters never hold emails or IPs in clear.
 */
export async function enforceRateLimit(deps: Deps, name: RateLimitName, subject: string): Promise<void> {
  const settings = deps.config.rateLimits ?? defaultRateLimits;
  if (settings === 'off') return;
  const rule = settings[name];
  const { windowStart, retryAfterSeconds } = fixedWindow(deps.clock.now(), rule.windowSeconds);
  const key = `${name}:${createHash('sha256').update(subject).digest('base64url').slice(0, 32)}`;
  const count = await deps.store.rateLimits.hit(key, windowStart, rule.windowSeconds);
  if (count > rule.limit) {
    deps.log.warn('rate limited', { limit: name, count });
    throw new AppError(
      'rate_limited',
      'Too many attempts; please wait before trying again',
      { retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
