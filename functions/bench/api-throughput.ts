/**
 * Benchmark 2: lab API throughput and latency on real PostgreSQL, measured with autocannon at 50 concurrent
 * connections: GET /api/me, GET /api/discover, POST /api/conversations/{id}/messages. The baseline is a bare
 * node:http server doing what GET /api/me cannot do without (jose jwtVerify with the same key and checks, one
 * `pg` select of the user row, a pool of the same size); the target is GET /api/me >= 0.7x its req/s.
 *
 * Both servers run as child processes (support/child-process.ts says why) on the same seeded schema, started
 * and loaded the same way. Each measured round runs every endpoint once, lab and baseline back to back, so a
 * noisy neighbour hits both alike; the figures are the medians over the rounds.
 */
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import type { BenchContext, BenchFigure, Benchmark, BenchResult } from './bench-result';
import { createBenchStore, type SeededUser, seedUsers } from './support/bench-store';
import { type ChildServer, LAB_POOL_SIZE, startChildServer, waitUntilIdle } from './support/child-process';
import { median, ratio, round } from './support/stats';

const CONNECTIONS = 50;
const TARGET_RATIO = 0.7;

interface Sizes {
  users: number;
  warmupSeconds: number;
  seconds: number;
  rounds: number;
}

const FULL: Sizes = { users: 1_000, warmupSeconds: 3, seconds: 5, rounds: 3 };
const QUICK: Sizes = { users: 40, warmupSeconds: 0.25, seconds: 1, rounds: 1 };

interface Endpoint {
  key: 'me' | 'baseline' | 'sameQueries' | 'discover' | 'messages';
  label: string;
  server: () => ChildServer;
  request: (user: SeededUser, sequence: number) => autocannon.Request;
}

interface Measurement {
  requestsPerSecond: number;
  /**
   * CPU time of the server process per request sent (ms), counted until the server is idle again: what a
   * busy machine distorts least.
   */
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  failed: number;
  statuses: Record<string, number>;
}

async function measure(
  endpoint: Endpoint,
  users: readonly SeededUser[],
  seconds: number,
): Promise<Measurement> {
  let next = 0;
  const server = endpoint.server();
  const cpuBefore = await server.cpuMicros();
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        // Every request as another user (round robin), so no single row or cache line stays hot.
        setupRequest: (request) => {
          const user = users[next % users.length] as SeededUser;
          next += 1;
          return { ...request, ...endpoint.request(user, next) };
        },
      },
    ],
  });
  // The requests still in flight when autocannon stops run to their end: their CPU belongs to this run.
  await waitUntilIdle(server);
  const cpuMicros = (await server.cpuMicros()) - cpuBefore;
  const statuses: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stats.count ?? 0;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    cpuMsPerRequest: result.requests.sent > 0 ? cpuMicros / 1000 / result.requests.sent : Number.NaN,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
    statuses,
  };
}

export const apiThroughput: Benchmark = async (context: BenchContext): Promise<BenchResult> => {
  const { databaseUrl } = context;
  if (!databaseUrl) {
    throw new Error(
      'api-throughput needs PostgreSQL: set DATABASE_URL, or install the PostgreSQL 15 server binaries so the runner starts a throwaway cluster',
    );
  }
  const sizes = context.quick ? QUICK : FULL;
  const bench = await createBenchStore(databaseUrl);
  const children: ChildServer[] = [];
  try {
    const seedStarted = performance.now();
    const { store } = await bench.open();
    let users: SeededUser[];
    try {
      users = await seedUsers(store, { users: sizes.users, pairs: sizes.users / 2, profiles: true });
    } finally {
      await store.close();
    }
    context.log(
      `  seeded ${sizes.users} users with profiles, photos and ${sizes.users / 2} matches in ${Math.round(performance.now() - seedStarted)} ms`,
    );
    const spec = {
      location: bench.location,
      scratchDir: bench.scratchDir,
      channel: `bench_api_${process.pid}`,
    };
    const started = await Promise.allSettled([
      startChildServer({ ...spec, mode: 'lab' }),
      startChildServer({ ...spec, mode: 'bare-http' }),
    ]);
    for (const outcome of started) if (outcome.status === 'fulfilled') children.push(outcome.value);
    const [lab, bare] = started.map((outcome) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      return outcome.value;
    }) as [ChildServer, ChildServer];

    let messageSequence = 0; // clientMessageIds unique over the whole run (warm-up included)
    const bearer = (user: SeededUser) => ({ authorization: `Bearer ${user.token}` });
    const endpoints: Endpoint[] = [
      {
        key: 'me',
        label: 'GET /api/me',
        server: () => lab,
        request: (user) => ({ method: 'GET', path: '/api/me', headers: bearer(user) }),
      },
      {
        key: 'baseline',
        label: 'bare node:http + jose + pg GET /me',
        server: () => bare,
        request: (user) => ({ method: 'GET', path: '/me', headers: bearer(user) }),
      },
      {
        key: 'sameQueries',
        label: 'diagnostic: bare node:http + jose + the lab GET /api/me queries',
        server: () => bare,
        request: (user) => ({ method: 'GET', path: '/me-same-queries', headers: bearer(user) }),
      },
      {
        key: 'discover',
        label: 'GET /api/discover',
        server: () => lab,
        request: (user) => ({ method: 'GET', path: '/api/discover', headers: bearer(user) }),
      },
      {
        key: 'messages',
        label: 'POST /api/conversations/{id}/messages',
        server: () => lab,
        request: (user) => {
          messageSequence += 1;
          return {
            method: 'POST',
            path: `/api/conversations/${user.matchId}/messages`,
            headers: { ...bearer(user), 'content-type': 'application/json' },
            body: JSON.stringify({
              clientMessageId: `bench-${messageSequence}`,
              text: 'Hello from the bench',
            }),
          };
        },
      },
    ];

    for (const endpoint of endpoints) await measure(endpoint, users, sizes.warmupSeconds);
    const rounds = new Map<Endpoint['key'], Measurement[]>(endpoints.map((endpoint) => [endpoint.key, []]));
    for (let roundIndex = 0; roundIndex < sizes.rounds; roundIndex += 1) {
      for (const endpoint of endpoints) {
        const measured = await measure(endpoint, users, sizes.seconds);
        rounds.get(endpoint.key)?.push(measured);
        context.log(
          `  round ${roundIndex + 1}/${sizes.rounds} ${endpoint.label}: ${Math.round(measured.requestsPerSecond)} req/s, ${measured.cpuMsPerRequest.toFixed(3)} ms CPU/request, p50 ${measured.p50} ms, p99 ${measured.p99} ms${measured.failed ? `, ${measured.failed} failed` : ''}`,
        );
      }
    }

    const summaries = new Map(
      endpoints.map((endpoint) => {
        const list = rounds.get(endpoint.key) ?? [];
        const summary = {
          requestsPerSecond: round(median(list.map((item) => item.requestsPerSecond))),
          cpuMsPerRequest: round(median(list.map((item) => item.cpuMsPerRequest)), 3),
          p50: round(median(list.map((item) => item.p50)), 1),
          p99: round(median(list.map((item) => item.p99)), 1),
          failed: list.reduce((sum, item) => sum + item.failed, 0),
        };
        return [endpoint.key, summary] as const;
      }),
    );
    const notes: string[] = [];
    for (const endpoint of endpoints) {
      const list = rounds.get(endpoint.key) ?? [];
      notes.push(
        `${endpoint.label} req/s per round: ${list.map((item) => Math.round(item.requestsPerSecond)).join(', ')}`,
      );
      const failed = summaries.get(endpoint.key)?.failed ?? 0;
      if (failed > 0) {
        const statuses = JSON.stringify(list.map((item) => item.statuses));
        notes.push(`${endpoint.label}: ${failed} failed responses; status counts per round ${statuses}`);
      }
    }
    notes.push(
      'GET /api/me on the lab makes 2 selects in 2 round trips (authentication reads the user row to check the account is still active, then the handler reads the profile); the baseline makes 1, as the issue defines it. The diagnostic figure makes the same 2 without the runtime: the baseline/diagnostic gap is the queries, the diagnostic/lab gap is the runtime.',
    );

    const get = (key: Endpoint['key']) =>
      summaries.get(key) ?? { requestsPerSecond: 0, cpuMsPerRequest: 0, p50: 0, p99: 0, failed: 0 };
    const baseline = get('baseline');
    const baselineName = 'bare node:http + jose jwtVerify + one pg select';
    const compared = (value: number, baselineValue: number, what: string) => {
      const figureRatio = ratio(value, baselineValue);
      if (!Number.isFinite(baselineValue)) return {};
      return {
        baseline: { name: `${baselineName} ${what}`, value: baselineValue },
        ...(figureRatio === undefined ? {} : { ratio: figureRatio }),
      };
    };
    const me = get('me');
    const meRatio = ratio(me.requestsPerSecond, baseline.requestsPerSecond);
    const figures: BenchFigure[] = [
      {
        name: 'GET /api/me req/s',
        value: me.requestsPerSecond,
        unit: 'req/s',
        ...compared(me.requestsPerSecond, baseline.requestsPerSecond, 'req/s'),
        target: `>= ${TARGET_RATIO}x bare node:http`,
        met: meRatio !== undefined && meRatio >= TARGET_RATIO,
      },
      {
        name: 'GET /api/me server CPU per request',
        value: me.cpuMsPerRequest,
        unit: 'ms',
        ...compared(me.cpuMsPerRequest, baseline.cpuMsPerRequest, 'CPU per request'),
      },
      {
        name: 'GET /api/me latency p50',
        value: me.p50,
        unit: 'ms',
        ...compared(me.p50, baseline.p50, 'p50'),
      },
      {
        name: 'GET /api/me latency p99',
        value: me.p99,
        unit: 'ms',
        ...compared(me.p99, baseline.p99, 'p99'),
      },
      {
        // Not a target: how much of the gap is the number of queries (see the notes).
        name: 'diagnostic: bare node:http + jose + the 2 selects of the lab GET /api/me, req/s',
        value: get('sameQueries').requestsPerSecond,
        unit: 'req/s',
        ...compared(get('sameQueries').requestsPerSecond, baseline.requestsPerSecond, 'req/s'),
      },
      {
        name: 'diagnostic: bare node:http + jose + the 2 selects, server CPU per request',
        value: get('sameQueries').cpuMsPerRequest,
        unit: 'ms',
        ...compared(get('sameQueries').cpuMsPerRequest, baseline.cpuMsPerRequest, 'CPU per request'),
      },
    ];
    for (const endpoint of endpoints.filter((item) => item.key === 'discover' || item.key === 'messages')) {
      const summary = get(endpoint.key);
      figures.push(
        { name: `${endpoint.label} req/s`, value: summary.requestsPerSecond, unit: 'req/s' },
        { name: `${endpoint.label} server CPU per request`, value: summary.cpuMsPerRequest, unit: 'ms' },
        { name: `${endpoint.label} latency p50`, value: summary.p50, unit: 'ms' },
        { name: `${endpoint.label} latency p99`, value: summary.p99, unit: 'ms' },
      );
    }
    const failed = [...summaries.values()].reduce((sum, summary) => sum + summary.failed, 0);
    figures.push({
      name: 'non-2xx or failed responses (all endpoints and baselines)',
      value: failed,
      unit: 'responses',
      target: '0',
      met: failed === 0,
    });
    // A run in which no request completed (a starved machine, --quick) has no CPU per request: say so.
    const unmeasured = figures.filter((figure) => !Number.isFinite(figure.value));
    if (unmeasured.length > 0) {
      notes.push(`not measured, no request completed: ${unmeasured.map((figure) => figure.name).join('; ')}`);
    }
    return {
      id: 'api-throughput',
      title: 'Lab API throughput and latency (autocannon) on real PostgreSQL',
      setup: {
        store: bench.description,
        users: sizes.users,
        conversations: sizes.users / 2,
        connections: CONNECTIONS,
        warmupSecondsPerEndpoint: sizes.warmupSeconds,
        secondsPerRun: sizes.seconds,
        rounds: sizes.rounds,
        aggregate: 'median over rounds',
        servers: 'child processes (lab runtime and baseline), autocannon in the runner process',
        poolSize: LAB_POOL_SIZE,
        rateLimits: 'off',
        labLogLevel: 'warn',
        node: process.version,
        cpus: cpus().length,
      },
      figures: figures.filter((figure) => Number.isFinite(figure.value)),
      notes,
    };
  } finally {
    for (const child of children) await child.stop();
    await bench.dispose();
  }
};
