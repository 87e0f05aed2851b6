/**
 * The shape every benchmark of `npm run bench` returns. The runner (`functions/bench/run.ts`) prints
 * each result as a table and writes all of them as one JSON document; a benchmark throws only when it could
 * not run (a missed target is a finding, not a failure).
 */
export interface BenchFigure {
  /** What was measured, e.g. "GET /api/me req/s" or "profile bundle minified KB". */
  name: string;
  value: number;
  unit: string;
  /** The same-run baseline this figure is compared with, when there is one. */
  baseline?: { name: string; value: number };
  /** value / baseline.value (or the figure a target is stated in), rounded by the benchmark. */
  ratio?: number;
  /** The target, in words ("<= 1.10x SDK floor", "p95 < 50 ms"), and whether this run met it. */
  target?: string;
  met?: boolean;
}

export interface BenchResult {
  /** Stable id, e.g. "cold-start", "api-throughput", "discovery-scale", "ws-fanout", "spa-size", "dynamodb-cost". */
  id: string;
  title: string;
  /** Store, sizes, connection counts, anything a reader needs to compare two runs. */
  setup: Record<string, string | number | boolean>;
  figures: BenchFigure[];
  /** Anything surprising the benchmark noticed (skipped parts must say why here, never silently). */
  notes?: string[];
}

export interface BenchContext {
  /** A PostgreSQL server for benchmarks that need one (the runner starts a throwaway one when DATABASE_URL is unset and PG binaries exist). */
  databaseUrl?: string;
  /** `--quick`: smaller sizes for a smoke run (the runner's test uses it); figures are then not comparable. */
  quick: boolean;
  log: (line: string) => void;
}

export type Benchmark = (context: BenchContext) => Promise<BenchResult>;
