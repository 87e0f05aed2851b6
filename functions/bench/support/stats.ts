/** Nearest-rank percentile of an ascending list (NaN when empty). */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
      Number.NaN);

/** The middle value (the mean of the two middle ones for an even count) of the finite values; NaN without any. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** Rounds to `digits` decimals (figures are for reading, not for further arithmetic). */
export const round = (value: number, digits = 0): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** value / baseline to 2 decimals; undefined when either is not a usable number. */
export const ratio = (value: number, baseline: number): number | undefined =>
  baseline > 0 && Number.isFinite(value) && Number.isFinite(baseline)
    ? round(value / baseline, 2)
    : undefined;
