/** A rate as a token bucket: `ratePerSecond` on average, up to `burst` at once. */
export interface TokenBucketRule {
  ratePerSecond: number;
  burst: number;
}

/**
 * A token bucket: starts full (`burst` tokens), refills continuously at `ratePerSecond`, and each `take()`
 * spends one token or answers false when none is left. `now` is injectable for tests.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rule: TokenBucketRule,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = rule.burst;
    this.updatedAt = now();
  }

  take(): boolean {
    const now = this.now();
    const refill = ((now - this.updatedAt) / 1000) * this.rule.ratePerSecond;
    this.tokens = Math.min(this.rule.burst, this.tokens + refill);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
