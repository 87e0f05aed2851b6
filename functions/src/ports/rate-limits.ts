export interface RateLimitRepository {
  /**
   * Counts one hit for `key` in the fixed window that starts at `windowStart` (epoch seconds) and lasts
   * `windowSeconds`; answers the count including this hit. Atomic across processes, so a limit holds across
   * Lambdas and replicas. Counters expire on their own after the window.
   */
  hit(key: string, windowStart: number, windowSeconds: number): Promise<number>;
}
