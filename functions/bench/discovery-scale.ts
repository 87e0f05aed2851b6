/**
 * Benchmark 3: discovery at scale.
 *
 * PostgreSQL: 100,000 profiles shaped like `npm run seed`'s demo people (four cities, ~25,000 people each within
 * 9-14 km of the centre: a dense, realistic neighbourhood for every viewer), written in bulk into a schema of
 * their own; 300 viewers who each swiped ~400 of the people discovery could show them and have blocks both
 * ways. Then `discover` (the service `GET /api/discover` calls, on the PostgreSQL store) once per viewer,
 * one at a time: p50/p95/p99 (target p95 < 50 ms), the server CPU per call, and EXPLAIN ANALYZE of the
 * statement for the median and the slowest viewer.
 *
 * DynamoDB Local: the same kind of population in the app's table (items exactly as the store writes them, via
 * BatchWriteItem), 20,000 profiles (see DYNAMO_SIZE_NOTE), then `discover` for viewers who swipe everyone they are
 * shown and ask again, counting every request on the client (target <= 12 per call, never a Scan), the capacity
 * DynamoDB reports for it (ReturnConsumedCapacity, injected by a client middleware), and how many profiles a
 * call shows against how many it could have shown (checked in memory with the domain's eligibility rule).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openPostgresStore, type SqlClient } from '../src/adapters/postgres';
import { discoverQuery } from '../src/adapters/postgres/discovery';
import { areMutuallyEligible } from '../src/domain/eligibility';
import { newId } from '../src/domain/ids';
import { createsMatch } from '../src/domain/pair-facts';
import type { Store } from '../src/ports/repositories';
import { DEFAULT_DISCOVER_LIMIT, discover } from '../src/services/discovery/discovery-service';
import { dynamoDbLocalUnavailableReason } from '../test/support/dynamodb-local';
import { serviceDeps } from '../test/support/service-deps';
import type { BenchContext, BenchFigure, Benchmark, BenchResult } from './bench-result';
import { openMeteredDynamoDbStore } from './support/dynamodb-local-store';
import type { MeterTotals } from './support/dynamodb-meter';
import { seedDynamoDb } from './support/dynamodb-population';
import { type BenchPerson, benchActivity, benchPopulation } from './support/population';
import { seedPostgres } from './support/postgres-population';
import { percentile, round } from './support/stats';

const P95_TARGET_MS = 50;
const REQUESTS_TARGET = 12;

interface Sizes {
  createPostgresProfiles: number;
  postgresViewers: number;
  dynamoProfiles: number;
  dynamoViewers: number;
  /** Discover calls per DynamoDB viewer; between calls the viewer swipes everyone shown. */
  dynamoCallsPerViewer: number;
  swipesPerViewer: number;
  warmupCalls: number;
}

const FULL: Sizes = {
  createPostgresProfiles: 100_000,
  postgresViewers: 300,
  dynamoProfiles: 20_000,
  dynamoViewers: 60,
  dynamoCallsPerViewer: 3,
  swipesPerViewer: 400,
  warmupCalls: 30,
};

const QUICK: Sizes = {
  createPostgresProfiles: 5_000,
  postgresViewers: 40,
  dynamoProfiles: 2_000,
  dynamoViewers: 8,
  dynamoCallsPerViewer: 2,
  swipesPerViewer: 20,
  warmupCalls: 5,
};

const DYNAMO_SIZE_NOTE =
  'DynamoDB Local loads ~500-1,000 items/s here (profiles carry two GSIs), so 100,000 profiles would take 5+ ' +
  'minutes; it gets 20,000 (5,000 per city). The per-call figures do not depend on it: each (cell, gender) still ' +
  'holds far more profiles than a call reads (a Query page is 300 / queries items, a call reads at most 2 pages per cell).';

const seconds = (since: number) => round((performance.now() - since) / 1000, 1);

export const discoveryScale: Benchmark = async (context) => {
  const sizes = context.quick ? QUICK : FULL;
  const result: BenchResult = {
    id: 'discovery-scale',
    title: 'Discovery at scale: latency on PostgreSQL, requests and capacity on DynamoDB',
    setup: {
      population:
        "npm run seed's demo people (scripts/seed/demo-population.ts): 4 cities (Berlin, Hamburg, Munich, Vienna), 9-14 km spread each",
      discoverLimit: DEFAULT_DISCOVER_LIMIT,
      swipesPerViewer: sizes.swipesPerViewer,
      blocksPerViewer: '2 made, 2 received',
      peopleWithoutReadyPhoto: '1 in 15',
    },
    figures: [],
    notes: [],
  };
  await postgresPart(context, sizes, result);
  try {
    await dynamoDbPart(context, sizes, result);
  } catch (error) {
    // Keep the PostgreSQL figures: say loudly that this half is missing, and why.
    const message = error instanceof Error ? error.message : String(error);
    context.log(`dynamodb part failed: ${message}`);
    result.notes?.push(`DynamoDB part FAILED, no DynamoDB figures: ${message.split('\n')[0]}`);
  }
  return result;
};

async function postgresPart(context: BenchContext, sizes: Sizes, result: BenchResult): Promise<void> {
  const { databaseUrl, log } = context;
  if (!databaseUrl) {
    throw new Error(
      'discovery-scale needs a PostgreSQL server: set DATABASE_URL (npm run bench starts a throwaway one when the PostgreSQL binaries are installed)',
    );
  }
  const now = new Date();
  const schema = `bench_discovery_${randomBytes(4).toString('hex')}`;
  const { store, client } = await openPostgresStore({ databaseUrl, schema });
  try {
    let started = performance.now();
    const people = benchPopulation(sizes.createPostgresProfiles, now);
    const activity = benchActivity(people, {
      viewerCount: sizes.postgresViewers,
      swipesPerViewer: sizes.swipesPerViewer,
      now,
    });
    log(
      `postgres: ${people.length} people, ${activity.swipes.length} swipes generated in ${seconds(started)} s; seeding schema ${schema}`,
    );
    started = performance.now();
    await seedPostgres(client, people, activity);
    const seedSeconds = seconds(started);
    log(`postgres: seeded in ${seedSeconds} s`);
    Object.assign(result.setup, {
      createPostgresProfiles: people.length,
      createPostgresPhotos: people.reduce((total, person) => total + person.photos.length, 0),
      createPostgresSwipes: activity.swipes.length,
      postgresViewers: activity.viewers.length,
      postgresSeedSeconds: seedSeconds,
    });

    const deps = serviceDeps(store);
    const viewers = activity.viewers;
    for (let call = 0; call < sizes.warmupCalls; call += 1) {
      const viewer = viewers[call % viewers.length] as BenchPerson;
      await discover(deps, viewer.profile.userId);
    }
    started = performance.now();
    const cpuBefore = await backendCpuMs(client);
    const timings: Array<{ ms: number; viewer: BenchPerson; found: number }> = [];
    for (const viewer of viewers) {
      const start = performance.now();
      const response = await discover(deps, viewer.profile.userId);
      timings.push({ ms: performance.now() - start, viewer, found: response.items.length });
    }
    const cpuAfter = await backendCpuMs(client);
    const measureSeconds = seconds(started);
    const sorted = timings.map((timing) => timing.ms).sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    result.figures.push(
      { name: 'PostgreSQL discover p50', value: round(percentile(sorted, 50), 1), unit: 'ms' },
      {
        name: 'PostgreSQL discover p95',
        value: round(p95, 1),
        unit: 'ms',
        ratio: round(p95 / P95_TARGET_MS, 2),
        target: `p95 < ${P95_TARGET_MS} ms`,
        met: p95 < P95_TARGET_MS,
      },
      { name: 'PostgreSQL discover p99', value: round(percentile(sorted, 99), 1), unit: 'ms' },
      {
        name: 'PostgreSQL discover max',
        value: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
        unit: 'ms',
      },
      {
        name: 'PostgreSQL profiles shown per call (mean)',
        value: round(timings.reduce((total, timing) => total + timing.found, 0) / timings.length, 1),
        unit: 'profiles',
      },
    );
    if (cpuBefore && cpuAfter) {
      let cpu = 0;
      for (const [pid, after] of cpuAfter) cpu += after - (cpuBefore.get(pid) ?? 0);
      result.figures.push({
        name: 'PostgreSQL server CPU per discover call (mean)',
        value: round(cpu / timings.length, 1),
        unit: 'ms',
      });
      result.notes?.push(
        "Server CPU = utime + stime of the pool's PostgreSQL backends (/proc, 10 ms ticks) over the measured calls, " +
          'divided by the calls: unlike the latencies it hardly depends on what else the machine is running.',
      );
    } else {
      result.notes?.push(
        'PostgreSQL server CPU not measured: its backends are not local processes readable in /proc',
      );
    }
    result.setup.postgresMeasuredCalls = timings.length;
    log(`postgres: ${timings.length} calls in ${measureSeconds} s`);

    const byTime = [...timings].sort((a, b) => a.ms - b.ms);
    const median = byTime[Math.floor(byTime.length / 2)];
    const slowest = byTime[byTime.length - 1];
    for (const [label, timing] of [
      ['median', median],
      ['slowest', slowest],
    ] as const) {
      if (!timing) continue;
      const plan = await explainDiscover(client, timing.viewer, now);
      result.notes?.push(
        `PostgreSQL EXPLAIN ANALYZE, ${label} viewer (${describeViewer(timing.viewer)}; ${round(timing.ms, 1)} ms in the run): ${plan.summary}`,
      );
      if (label === 'median') {
        result.figures.push({
          name: 'PostgreSQL profile rows read via the discovery index (median viewer)',
          value: plan.indexRows,
          unit: 'rows',
        });
        if (!plan.usesDiscoveryIndex) {
          result.notes?.push('PostgreSQL: the plan does NOT read profiles through profiles_discovery_idx');
        }
      }
    }
  } finally {
    await client.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await store.close();
  }
}

/**
 * CPU milliseconds used so far by each client backend of the current database, from /proc (the server must run
 * on this machine); null when a backend cannot be read there (a remote server, another PID namespace).
 */
async function backendCpuMs(sql: SqlClient): Promise<Map<number, number> | null> {
  const { rows } = await sql.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'",
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) return null;
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks (100 Hz).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      return null;
    }
  }
  return cpu;
}

const describeViewer = (viewer: BenchPerson) =>
  `${viewer.city}, ${viewer.profile.gender} seeking ${viewer.profile.interestedIn.join('+')}, ` +
  `ages ${viewer.profile.ageMin}-${viewer.profile.ageMax}, ${viewer.profile.maxDistanceKm} km`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Join Type'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/**
 * The discover statement's plan for one viewer, as one line: every node with its index or relation, rows per
 * loop and loops (nesting shown by `>`), plus the execution time.
 */
async function explainDiscover(
  sql: SqlClient,
  viewer: BenchPerson,
  now: Date,
): Promise<{ summary: string; usesDiscoveryIndex: boolean; indexRows: number }> {
  const { text, params } = discoverQuery(viewer.profile, DEFAULT_DISCOVER_LIMIT, now);
  const { rows } = await sql.query<{
    'QUERY PLAN': Array<{ Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }>;
  }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, params);
  const top = rows[0]?.['QUERY PLAN'][0];
  if (!top) return { summary: 'no plan', usesDiscoveryIndex: false, indexRows: 0 };
  const parts: string[] = [];
  let usesDiscoveryIndex = false;
  let indexRows = 0;
  const visit = (node: PlanNode, depth: number) => {
    const target = node['Index Name'] ?? node['Relation Name'];
    const loops = node['Actual Loops'] ?? 1;
    if (node['Index Name'] === 'profiles_discovery_idx') {
      usesDiscoveryIndex = true;
      indexRows += (node['Actual Rows'] ?? 0) * loops;
    }
    parts.push(
      `${'>'.repeat(depth)}${node['Node Type']}${node['Join Type'] ? ` ${node['Join Type']}` : ''}` +
        `${target ? ` [${target}]` : ''} rows=${node['Actual Rows'] ?? '?'}${loops > 1 ? ` x${loops}` : ''}`,
    );
    for (const child of node.Plans ?? []) visit(child, depth + 1);
  };
  visit(top.Plan, 0);
  return {
    summary: `${parts.join('; ')}; planning ${round(top['Planning Time'], 1)} ms, execution ${round(top['Execution Time'], 1)} ms`,
    usesDiscoveryIndex,
    indexRows,
  };
}

async function dynamoDbPart(context: BenchContext, sizes: Sizes, result: BenchResult): Promise<void> {
  const { log } = context;
  const unavailable = dynamoDbLocalUnavailableReason();
  if (unavailable !== null) {
    result.notes?.push(`DynamoDB part skipped: DynamoDB Local cannot run here (${unavailable})`);
    return;
  }
  const now = new Date();
  const opened = await openMeteredDynamoDbStore();
  try {
    let started = performance.now();
    const people = benchPopulation(sizes.dynamoProfiles, now);
    const activity = benchActivity(people, {
      viewerCount: sizes.dynamoViewers,
      swipesPerViewer: sizes.swipesPerViewer,
      now,
    });
    log(`dynamodb: seeding ${people.length} people into DynamoDB Local`);
    const seeded = await seedDynamoDb(opened.seedClient, opened.tableName, people, activity, log);
    if (!context.quick) result.notes?.push(DYNAMO_SIZE_NOTE);
    Object.assign(result.setup, {
      dynamoProfiles: people.length,
      dynamoItems: seeded.items,
      dynamoViewers: activity.viewers.length,
      dynamoCallsPerViewer: sizes.dynamoCallsPerViewer,
      dynamoSeedSeconds: round(seeded.seconds, 1),
    });

    const deps = serviceDeps(opened.store);
    const calls: DynamoCall[] = [];
    started = performance.now();
    for (const viewer of activity.viewers) {
      // Who discovery could show this viewer (the port's rules, checked in memory), minus whom they are done with.
      const done = new Set<string>();
      for (const swipe of activity.swipes)
        if (swipe.swiperId === viewer.profile.userId) done.add(swipe.targetId);
      for (const block of activity.blocks) {
        if (block.blockerId === viewer.profile.userId) done.add(block.blockedId);
        if (block.blockedId === viewer.profile.userId) done.add(block.blockerId);
      }
      const showable = people.filter(
        (other) =>
          other !== viewer &&
          other.photos.some((photo) => photo.status === 'ready') &&
          areMutuallyEligible(viewer.profile, other.profile, now),
      );
      for (let call = 0; call < sizes.dynamoCallsPerViewer; call += 1) {
        const available = showable.filter((other) => !done.has(other.profile.userId)).length;
        const { result: response, cost } = await opened.meter.measure(() =>
          discover(deps, viewer.profile.userId),
        );
        calls.push({ cost, found: response.items.length, available, call });
        // What a user does with the deck: decide about everyone shown, then ask for more.
        const shown = response.items.map((item) => item.userId);
        await swipeAll(opened.store, viewer, shown);
        for (const id of shown) done.add(id);
      }
    }
    log(`dynamodb: ${calls.length} discover calls measured in ${seconds(started)} s`);
    result.figures.push(...dynamoFigures(calls));
    result.notes?.push(
      'DynamoDB capacity is what DynamoDB Local reports for ReturnConsumedCapacity INDEXES (it computes it from item ' +
        'sizes like DynamoDB: 4 KB per read unit, halved for eventually consistent reads, 1 KB per write unit, ' +
        'GSI writes included); a call = the discover service as GET /api/discover runs it, minus authentication ' +
        "(add 1 GetItem, 1 RCU, for the handler's user check). Requests are counted per attempt on the client.",
    );
  } finally {
    await opened.close();
  }
}

async function swipeAll(store: Store, viewer: BenchPerson, targets: readonly string[]): Promise<void> {
  const createdAt = new Date().toISOString();
  await Promise.all(
    targets.map((targetId, index) =>
      store.swipes.record(
        { swiperId: viewer.profile.userId, targetId, decision: index % 3 === 0 ? 'like' : 'pass', createdAt },
        newId(),
        createsMatch,
      ),
    ),
  );
}

interface DynamoCall {
  cost: MeterTotals;
  /** Profiles the call returned. */
  found: number;
  /** Profiles the viewer could have been shown at that moment (all rules; in memory). */
  available: number;
  call: number;
}

function dynamoFigures(calls: readonly DynamoCall[]): BenchFigure[] {
  const sortedBy = (pick: (cost: MeterTotals) => number) =>
    calls.map((call) => pick(call.cost)).sort((a, b) => a - b);
  const mean = (values: readonly number[]) =>
    values.reduce((total, value) => total + value, 0) / values.length;
  const requests = sortedBy((cost) => cost.requests);
  const reads = sortedBy((cost) => cost.readUnits);
  // A failed condition (recordActivity behind a later activity) is billed too: 1 WCU, the profile is under 1 KB.
  const writes = sortedBy((cost) => cost.writeUnits + cost.conditionFailures);
  const queries = sortedBy((cost) => cost.byCommand.QueryCommand ?? 0);
  const batchGets = sortedBy((cost) => cost.byCommand.BatchGetItemCommand ?? 0);
  const scans = calls.reduce((total, call) => total + (call.cost.byCommand.ScanCommand ?? 0), 0);
  const p95Requests = percentile(requests, 95);
  const maxRequests = requests[requests.length - 1] ?? Number.NaN;
  return [
    { name: 'DynamoDB requests per discover call (mean)', value: round(mean(requests), 1), unit: 'requests' },
    {
      name: 'DynamoDB requests per discover call (p95)',
      value: p95Requests,
      unit: 'requests',
      target: `<= ${REQUESTS_TARGET} requests`,
      met: p95Requests <= REQUESTS_TARGET,
    },
    {
      name: 'DynamoDB requests per discover call (max)',
      value: maxRequests,
      unit: 'requests',
      target: `<= ${REQUESTS_TARGET} requests`,
      met: maxRequests <= REQUESTS_TARGET,
    },
    {
      name: 'DynamoDB Scan requests (all calls)',
      value: scans,
      unit: 'requests',
      target: 'no Scan',
      met: scans === 0,
    },
    { name: 'DynamoDB Query requests per call (mean)', value: round(mean(queries), 1), unit: 'requests' },
    {
      name: 'DynamoDB BatchGetItem requests per call (mean)',
      value: round(mean(batchGets), 1),
      unit: 'requests',
    },
    { name: 'DynamoDB read capacity per discover call (mean)', value: round(mean(reads), 1), unit: 'RCU' },
    {
      name: 'DynamoDB read capacity per discover call (p95)',
      value: round(percentile(reads, 95), 1),
      unit: 'RCU',
    },
    { name: 'DynamoDB write capacity per discover call (mean)', value: round(mean(writes), 1), unit: 'WCU' },
    {
      name: 'DynamoDB profiles shown per call (mean)',
      value: round(mean(calls.map((call) => call.found)), 1),
      unit: 'profiles',
    },
    {
      name: 'DynamoDB profiles that could have been shown per call (mean, capped at the page size)',
      value: round(mean(calls.map((call) => Math.min(DEFAULT_DISCOVER_LIMIT, call.available))), 1),
      unit: 'profiles',
    },
    {
      name: 'DynamoDB calls answering a short page while more people were showable',
      value: round(
        (100 * calls.filter((call) => call.found < Math.min(DEFAULT_DISCOVER_LIMIT, call.available)).length) /
          calls.length,
        1,
      ),
      unit: '%',
    },
  ];
}
