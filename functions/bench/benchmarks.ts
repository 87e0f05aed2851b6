import { apiThroughput } from './api-throughput';
import type { Benchmark } from './bench-result';
import { coldStart } from './cold-start';
import { discoveryScale } from './discovery-scale';
import { dynamodbCost } from './dynamodb-cost';
import { pushCost } from './push-cost';
import { spaSize } from './spa-size';
import { wsFanout } from './ws-fanout';

/**
 * Every benchmark `npm run bench` runs, in this order (`--only=<id>,<id>` picks some). The id here is the one
 * the benchmark's result carries; adding a benchmark is one import and one line.
 */
export const benchmarks: ReadonlyArray<{ id: string; run: Benchmark }> = [
  { id: 'cold-start', run: coldStart },
  { id: 'api-throughput', run: apiThroughput },
  { id: 'discovery-scale', run: discoveryScale },
  { id: 'ws-fanout', run: wsFanout },
  { id: 'spa-size', run: spaSize },
  { id: 'dynamodb-cost', run: dynamodbCost },
  { id: 'push-cost', run: pushCost },
];
