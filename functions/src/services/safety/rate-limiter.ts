import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors';
import { rateLimitAddress } from '../../domain/rate-limit-address';
import {
  defaultRateLimits,
  fixedWindow,
  type IpRateLimitName,
  type RateLimitName,
  type RateLimitRule,
} from '../../domain/rate-limit-rules';
import type { Deps } from '../deps';

function ruleOf(deps: Deps, name: RateLimitName): RateLimitRule | null {
  const settings = deps.config.rateLimits ?? defaultRateLimits;
  return settings === 'off' ? null : settings[name];
}

/** Subjects are hashed: counters never hold emails, IPs or cookie nonces in clear. */
const counterKey = (name: RateLimitName, subject: string) =>
  `${name}:${createHash('sha256').update(subject).digest('base64url').slice(0, 32)}`;

function rateLimited(deps: Deps, name: RateLimitName, count: number, retryAfterSeconds: number): AppError {
  deps.log.warn('rate limited', { limit: name, count });
  return new AppError(
    'rate_limited',
    'Too many attempts; please wait before trying again',
    { retryAfterSeconds },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

/** Counts one hit and answers the count and window, or null when limits are off. */
async function hit(deps: Deps, name: RateLimitName, subject: string) {
  const rule = ruleOf(deps, name);
  if (!rule) return null;
  const { windowStart, retryAfterSeconds } = fixedWindow(deps.clock.now(), rule.windowSeconds);
  const key = counterKey(name, subject);
  const count = await deps.store.rateLimits.hit(key, windowStart, rule.windowSeconds);
  return { key, windowStart, count, over: count > rule.limit, retryAfterSeconds };
}

/**
 * Counts one attempt of `name` for `subject` and throws `429 rate_limited` (with Retry-After) past the limit.
 * Per-IP limits go through `enforceIpRateLimit`, which keys the address as the domain rule says.
 */
export async function enforceRateLimit(
  deps: Deps,
  name: Exclude<RateLimitName, IpRateLimitName>,
  subject: string,
): Promise<void> {
  const counted = await hit(deps, name, subject);
  if (counted?.over) throw rateLimited(deps, name, counted.count, counted.retryAfterSeconds);
}

/** `enforceRateLimit` for a client address: IPv6 counts per /64, IPv4-mapped IPv6 as IPv4 (`rateLimitAddress`). */
export async function enforceIpRateLimit(deps: Deps, name: IpRateLimitName, address: string): Promise<void> {
  const counted = await hit(deps, name, rateLimitAddress(address));
  if (counted?.over) throw rateLimited(deps, name, counted.count, counted.retryAfterSeconds);
}

/**
 * A limit on FAILURES, checked before the costly `check` (scrypt) runs: throws `429 rate_limited` without
 * running it once `subject` has used up the window's failures. The attempt reserves a hit first, so any number
 * of concurrent attempts cannot slip past the limit together; the hit is given back when `check` passes (or
 * throws: an outage is not a failure), and kept when it answers false. Answers what `check` answered.
 */
export async function limitFailures(
  deps: Deps,
  name: Exclude<RateLimitName, IpRateLimitName>,
  subject: string,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const reserved = await hit(deps, name, subject);
  if (!reserved) return check();
  if (reserved.over) throw rateLimited(deps, name, reserved.count, reserved.retryAfterSeconds);
  let passed = true;
  try {
    passed = await check();
    return passed;
  } finally {
    if (passed) await deps.store.rateLimits.release(reserved.key, reserved.windowStart);
  }
}
