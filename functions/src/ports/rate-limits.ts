export interface RateLimitRepository {
  /**
   * Counts one hit for `key` in the fixed window that starts at `windowStart` (epoch seconds) and lasts
   * `windowSeconds`; answers the count including this hit. Atomic across processes, so a limit holds across
   * Lambdas and replicas. Counters expire on their own after the window.
   */
  hit(key: string, windowStart: number, windowSeconds: number): Promise<number>;
  /**
   * Takes one hit of `key` in the window that starts at `windowStart` back (never below 0; nothing when the
   * counter is gone). Limits that count failures reserve a hit before the expensive check and give it back
   * when the attempt succeeded, so concurrent attempts cannot all slip under the limit.
   */
  release(key: string, windowStart: number): Promise<void>;
}
