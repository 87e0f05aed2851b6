import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { FunctionGroup, HttpRoute } from '../src/handlers/http/http-route';
import type { HttpEvent } from '../src/handlers/http/middleware/types';
import { accessTokenKeySet } from '../src/runtime/access-token-keys';
import { routesOfGroup } from '../src/runtime/aws/function-groups';
import { buildHttpApiEvent, newGatewayRequestId } from '../src/runtime/lab/api-gateway-event';
import { ACCESS_TOKEN_TTL_SECONDS } from '../src/runtime/service-config';
import { issueAccessToken } from '../src/services/auth/access-tokens';
import { BASELINE, type BuiltBundle } from './lambda-bundles';

/**
 * What a Lambda cold start costs each bundle, measured the way Lambda pays it: a fresh Node process imports
 * the bundle (module load: the init phase) and then serves one request (the first invocation), so code that
 * loads lazily is still counted, on the request that needs it. Every request a function makes to AWS goes to
 * a local stand-in (`AWS_ENDPOINT_URL`): Secrets Manager answers the JWT key, DynamoDB answers every call with
 * an empty result. The SDK-only floor's first request is its one GetItem; an API function's is a request to
 * an authenticated route with a valid token of an unknown user (secret read, token check, one GetItem, 401).
 */

/** The JWT key the stand-in Secrets Manager hands out (64 characters, like the CDK stack's secret). */
const BENCH_JWT_SECRET = randomBytes(32).toString('hex');
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:cold-start-jwt';
const ISSUER = 'dating-app';

export interface ColdStartProbe {
  name: string;
  file: string;
  /** The first request (an event for the bundle's `handler`); none: module load only. */
  firstRequest?: { event: unknown; expectStatus?: number };
}

export interface ColdStartSample {
  loadMs: number;
  /** CPU time of the process (all its threads) during the load: less sensitive to a busy machine. */
  loadCpuMs: number;
  /** Module load plus the first request, from the same start. */
  firstRequestMs?: number;
  firstRequestCpuMs?: number;
  status?: number;
}

export interface AwsCalls {
  /** Requests per AWS operation (`DynamoDB_20120810.GetItem`, ...), over all probes and rounds. */
  byOperation: Record<string, number>;
  unexpected: string[];
}

/** Answers the AWS calls of a first request: the JWT secret, and an empty result for every DynamoDB call. */
async function startAwsStandIn(): Promise<{ url: string; calls: AwsCalls; close(): Promise<void> }> {
  const calls: AwsCalls = { byOperation: {}, unexpected: [] };
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    request.resume();
    request.on('end', () => {
      calls.byOperation[target || `${request.method} ${request.url}`] =
        (calls.byOperation[target || `${request.method} ${request.url}`] ?? 0) + 1;
      if (target.startsWith('DynamoDB_20120810.')) {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
      } else if (target === 'secretsmanager.GetSecretValue') {
        response
          .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify({ ARN: SECRET_ARN, Name: 'cold-start-jwt', SecretString: BENCH_JWT_SECRET }));
      } else {
        calls.unexpected.push(`${request.method} ${request.url} ${target}`);
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"not emulated"}');
      }
    });
  };
  const server: Server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The environment the CDK stack gives a function, pointed at the stand-in. */
const functionEnvironment = (awsEndpoint: string, functionName: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: functionName,
  // Lambda hands the role's credentials to every function this way.
  AWS_ACCESS_KEY_ID: 'AKIACOLDSTARTBENCH00',
  AWS_SECRET_ACCESS_KEY: 'cold-start-bench-secret-access-key-0000',
  AWS_SESSION_TOKEN: 'cold-start-bench-session-token',
  AWS_ENDPOINT_URL: awsEndpoint,
  TABLE_NAME: 'cold-start-bench',
  JWT_SECRET_ARN: SECRET_ARN,
  PHOTOS_BUCKET: 'cold-start-bench-photos',
  STAGE: 'bench',
});

/** Runs in the fresh process: import, time, invoke once, report on the last line of stdout. */
const PROBE_SCRIPT = `
const [url, request] = [process.argv[1], process.argv[2] ? JSON.parse(process.argv[2]) : null];
const cpu = process.cpuUsage();
const started = performance.now();
const module = await import(url);
const loaded = performance.now();
const used = process.cpuUsage(cpu);
let sample = { loadMs: loaded - started, loadCpuMs: (used.user + used.system) / 1000 };
if (request) {
  const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: 'cold-start-1',
    callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30000 };
  const result = await module.handler(request, context);
  const total = process.cpuUsage(cpu);
  sample = { ...sample, firstRequestMs: performance.now() - started,
    firstRequestCpuMs: (total.user + total.system) / 1000, status: result?.statusCode };
}
process.stdout.write('\\n@cold-start ' + JSON.stringify(sample) + '\\n', () => process.exit(0));
`;

/**
 * `BENCH_CPU_PROF=<folder>`: every probe also writes a V8 CPU profile there (`<function>-<n>.cpuprofile`), the
 * way to see what a cold start spends its time on (the profiler slows it: not for figures).
 */
const profiling = (name: string): string[] => {
  const folder = process.env.BENCH_CPU_PROF;
  if (!folder) return [];
  profiles += 1;
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${folder}`,
    `--cpu-prof-name=${name.replace(/\W+/g, '_')}-${profiles}.cpuprofile`,
  ];
};
let profiles = 0;

function runProbe(probe: ColdStartProbe, awsEndpoint: string): Promise<ColdStartSample> {
  const args = [
    ...profiling(probe.name),
    '--input-type=module',
    '-e',
    PROBE_SCRIPT,
    pathToFileURL(probe.file).href,
  ];
  if (probe.firstRequest) args.push(JSON.stringify(probe.firstRequest.event));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: functionEnvironment(awsEndpoint, probe.name),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout
        .split('\n')
        .reverse()
        .find((entry) => entry.startsWith('@cold-start '));
      if (code !== 0 || !line) {
        reject(new Error(`${probe.name}: the probe failed (exit ${code}): ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line.slice('@cold-start '.length)) as ColdStartSample);
    });
  });
}

/**
 * `rounds` samples per probe. Each round starts every probe once, one process at a time, in an order rotated
 * by one each round, so a machine that gets busier or quieter during the run slows every bundle and baseline
 * alike and the ratios between them stay meaningful.
 */
export async function measureColdStarts(
  probes: readonly ColdStartProbe[],
  rounds: number,
  onRound: (round: number) => void = () => {},
): Promise<{ samples: ColdStartSample[][]; awsCalls: AwsCalls }> {
  const standIn = await startAwsStandIn();
  try {
    const samples = probes.map((): ColdStartSample[] => []);
    for (let round = 0; round < rounds; round += 1) {
      for (let step = 0; step < probes.length; step += 1) {
        const index = (step + round) % probes.length;
        const probe = probes[index] as ColdStartProbe;
        const sample = await runProbe(probe, standIn.url);
        const expected = probe.firstRequest?.expectStatus;
        if (expected !== undefined && sample.status !== expected) {
          throw new Error(`${probe.name}: the first request answered ${sample.status}, expected ${expected}`);
        }
        samples[index]?.push(sample);
      }
      onRound(round + 1);
    }
    return { samples, awsCalls: standIn.calls };
  } finally {
    await standIn.close();
  }
}

const ULID_LIKE = '01J0000000000000000000BENC';

/** An API Gateway v2 event for `route`, as API Gateway would send it. */
function httpEvent(route: HttpRoute, headers: Record<string, string>): HttpEvent {
  const { method, path } = route;
  const rawPath = path.replace(/\{[^}]+\}/g, ULID_LIKE);
  const pathParameters = Object.fromEntries(
    [...path.matchAll(/\{([^}]+)\}/g)].map((match) => [match[1] as string, ULID_LIKE]),
  );
  return buildHttpApiEvent(
    {
      method,
      path: rawPath,
      rawQueryString: '',
      rawHeaders: Object.entries(headers).flat(),
      httpVersion: '1.1',
      body: Buffer.alloc(0),
      client: { sourceIp: '203.0.113.7', protocol: 'https', port: '443', forwardedFor: '203.0.113.7' },
      requestId: newGatewayRequestId(),
      receivedAt: new Date(),
    },
    {
      route,
      routeKey: `${method} ${path}`,
      ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    },
  );
}

/**
 * The first request of an HTTP function: its first authenticated route, with a valid token of a user the
 * (empty) table does not know, so it answers 401 after the secret read, the token check and one GetItem;
 * a group without authenticated routes gets its first route (system: the health check, 200).
 */
export async function firstHttpRequest(
  group: FunctionGroup,
): Promise<{ event: HttpEvent; expectStatus: number; route: string }> {
  const routes = routesOfGroup(group);
  const route = routes.find((candidate) => candidate.auth) ?? routes[0];
  if (!route) throw new Error(`group ${group} has no routes`);
  const headers: Record<string, string> = { host: 'api.example.com', 'user-agent': 'cold-start-bench' };
  if (route.auth) {
    const token = await issueAccessToken(
      {
        keys: accessTokenKeySet({ current: BENCH_JWT_SECRET }),
        issuer: ISSUER,
        audience: ISSUER,
        accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
        refreshTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
        passwordHashCost: 14,
      },
      { userId: ULID_LIKE, sessionId: ULID_LIKE },
      new Date(),
    );
    headers.authorization = `Bearer ${token}`;
  }
  return {
    event: httpEvent(route, headers),
    expectStatus: route.auth ? 401 : 200,
    route: `${route.method} ${route.path}`,
  };
}

/** The WebSocket function's first request: `$connect` with a ticket the table does not know (401). */
export function firstWebSocketRequest(): { event: unknown; expectStatus: number; route: string } {
  const now = new Date();
  return {
    event: {
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        connectionId: 'coldStartConnection=',
        requestId: newGatewayRequestId(),
        domainName: 'ws.example.com',
        stage: 'bench',
        apiId: 'bench',
        connectedAt: now.getTime(),
        requestTimeEpoch: now.getTime(),
        identity: { sourceIp: '203.0.113.7', userAgent: 'cold-start-bench' },
      },
      queryStringParameters: { ticket: 'x'.repeat(43) },
      headers: { host: 'ws.example.com' },
      isBase64Encoded: false,
    },
    expectStatus: 401,
    route: '$connect',
  };
}

/** The probes of one run: every bundle with its first request, the baselines with theirs. */
export async function coldStartProbes(bundles: readonly BuiltBundle[]): Promise<{
  probes: ColdStartProbe[];
  firstRoutes: Record<string, string>;
}> {
  const firstRoutes: Record<string, string> = {};
  const probes: ColdStartProbe[] = [];
  for (const bundle of bundles) {
    let firstRequest: ColdStartProbe['firstRequest'];
    if (bundle.kind === 'http') {
      const { event, expectStatus, route } = await firstHttpRequest(bundle.name as FunctionGroup);
      firstRequest = { event, expectStatus };
      firstRoutes[bundle.name] = route;
    } else if (bundle.kind === 'websocket') {
      const { event, expectStatus, route } = firstWebSocketRequest();
      firstRequest = { event, expectStatus };
      firstRoutes[bundle.name] = route;
    } else if (bundle.name === BASELINE.helloWorld) {
      firstRequest = { event: {}, expectStatus: 200 };
    } else if (bundle.kind === 'baseline') {
      firstRequest = { event: {} };
      firstRoutes[bundle.name] = 'one GetItem';
    }
    // The photo function (S3 notifications) is measured on module load only: its first event reads and
    // writes S3 objects and runs sharp, which this stand-in does not emulate.
    probes.push({ name: bundle.name, file: bundle.file, ...(firstRequest ? { firstRequest } : {}) });
  }
  return { probes, firstRoutes };
}
