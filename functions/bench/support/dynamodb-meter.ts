import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The data-plane commands that take `ReturnConsumedCapacity`, and which kind of capacity each consumes. */
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/**
 * DynamoDB bills transactional requests double (2 write units per KB written, 2 read units per 4 KB read);
 * DynamoDB Local reports them at the standard rate (a TransactWriteItems of two small puts reports 2), so the
 * meter doubles what it reports for these.
 */
const TRANSACTIONAL = new Set(['TransactWriteItemsCommand', 'TransactGetItemsCommand']);

/** Errors whose request DynamoDB still bills: a failed condition, a cancelled transaction. */
const BILLED_FAILURES = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException']);

export interface MeteredRequest {
  /** The low-level command name, e.g. 'QueryCommand' (the document client's commands map onto these). */
  command: string;
  /** Capacity units DynamoDB reported for the request (0 when it failed: see `failed`). */
  readUnits: number;
  writeUnits: number;
  /**
   * The request failed on a condition (ConditionalCheckFailed, TransactionCanceled). DynamoDB reports no
   * capacity for it but bills it (a write by the size of the item, at least 1 unit): see `conditionFailures`.
   */
  failed: boolean;
  /** Of the units, those spent on global secondary indexes (writes maintaining them, queries reading them). */
  indexUnits: number;
}

export interface MeterTotals {
  requests: number;
  readUnits: number;
  writeUnits: number;
  /** Of the read and write units, those spent on global secondary indexes. */
  indexUnits: number;
  /** Requests that failed on a condition: DynamoDB bills them, but they are not in the units. */
  conditionFailures: number;
  /** Request count per command name. */
  byCommand: Record<string, number>;
}

export interface DynamoDbMeter {
  /** Every request since the last reset, in the order they completed. */
  requests(): MeteredRequest[];
  totals(): MeterTotals;
  reset(): void;
  /** Runs `work` and answers what it cost (the meter is reset first; overlapping work would be counted too). */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; cost: MeterTotals }>;
}

/**
 * The total `CapacityUnits` of a response's `ConsumedCapacity` (one entry, or one per table for batches and
 * transactions), and the part of it spent on global secondary indexes.
 */
const unitsOf = (output: unknown): { total: number; indexes: number } => {
  if (typeof output !== 'object' || output === null || !('ConsumedCapacity' in output)) {
    return { total: 0, indexes: 0 };
  }
  const capacity: unknown = output.ConsumedCapacity;
  const list = (Array.isArray(capacity) ? capacity : [capacity]) as Array<ConsumedCapacity | undefined>;
  let total = 0;
  let indexes = 0;
  for (const entry of list) {
    total += entry?.CapacityUnits ?? 0;
    for (const index of Object.values(entry?.GlobalSecondaryIndexes ?? {}))
      indexes += index.CapacityUnits ?? 0;
  }
  return { total, indexes };
};

export function totalsOf(requests: readonly MeteredRequest[]): MeterTotals {
  const byCommand: Record<string, number> = {};
  for (const request of requests) byCommand[request.command] = (byCommand[request.command] ?? 0) + 1;
  return {
    requests: requests.length,
    readUnits: requests.reduce((total, request) => total + request.readUnits, 0),
    writeUnits: requests.reduce((total, request) => total + request.writeUnits, 0),
    indexUnits: requests.reduce((total, request) => total + request.indexUnits, 0),
    conditionFailures: requests.filter((request) => request.failed).length,
    byCommand,
  };
}

/**
 * Instruments a DynamoDB client (and every document client made `from` it, which shares its middleware stack):
 * asks for `ReturnConsumedCapacity: 'INDEXES'` on every data-plane request (the total, which includes the GSIs
 * a write maintains, and the per-index part) and records each request with the capacity DynamoDB reports. Requests are counted per attempt,
 * inside the SDK's retry middleware, like `functions/test/support/dynamodb-store.ts` does.
 */
export function meterDynamoDb(client: DynamoDBClient): DynamoDbMeter {
  let recorded: MeteredRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const metered = READS.has(command) || WRITES.has(command);
      if (metered && typeof args.input === 'object' && args.input !== null) {
        Object.assign(args.input, { ReturnConsumedCapacity: 'INDEXES' });
      }
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'benchReturnConsumedCapacity' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      try {
        const result = await next(args);
        const units = unitsOf(result.output);
        const factor = TRANSACTIONAL.has(command) ? 2 : 1;
        recorded.push({
          command,
          readUnits: READS.has(command) ? units.total * factor : 0,
          writeUnits: WRITES.has(command) ? units.total * factor : 0,
          indexUnits: units.indexes * factor,
          failed: false,
        });
        return result;
      } catch (error) {
        const billed = error instanceof Error && BILLED_FAILURES.has(error.name);
        recorded.push({ command, readUnits: 0, writeUnits: 0, indexUnits: 0, failed: billed });
        throw error;
      }
    },
    // Inside the retry middleware: every attempt on the wire counts.
    { step: 'finalizeRequest', priority: 'low', name: 'benchMeterRequests' },
  );
  const meter: DynamoDbMeter = {
    requests: () => [...recorded],
    totals: () => totalsOf(recorded),
    reset: () => {
      recorded = [];
    },
    async measure(work) {
      meter.reset();
      const result = await work();
      return { result, cost: meter.totals() };
    },
  };
  return meter;
}
