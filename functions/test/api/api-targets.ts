import { keyIdOf } from '../../src/runtime/access-token-keys';
import { lambdaTargets } from '../lambda/lambda-target';
import { rehearsalTarget } from '../rehearsal/rehearsal-target';
import { adminOn } from '../support/admin-on';
import {
  startTestServer,
  TEST_JWT_SECRET,
  type TestServer,
  type TestServerOptions,
} from '../support/lab-server';
import { labDynamoDbS3World } from './lab-dynamodb-s3-target';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RunningApi {
  url: string;
  /** How requests reach the API: real HTTP for the lab runtime, in-process events for Lambda mode. */
  fetch: FetchLike;
  /** What the server signs access tokens with (key and its kid), so tests can forge expired or foreign ones. */
  auth: { secret: Uint8Array; kid: string; issuer: string; audience: string };
  /** `npm run admin -- <args>` against this world's store (what an operator runs beside the app). */
  admin(args: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

export interface ApiTarget {
  name: string;
  start(): Promise<RunningApi>;
}

/**
 * A world the lab runtime runs in, for suites that need the server itself: its deps (store, blobs), its
 * WebSockets, its options (clock, environment overrides, WebSocket limits).
 */
export interface LabWorld {
  name: string;
  /** The lab server in this world; close() also stops whatever the world started for it. */
  start(options?: TestServerOptions): Promise<TestServer>;
}

/** The lab runtime on in-memory PGlite, photos on disk (BLOBS=fs). */
export const labPgliteWorld: LabWorld = {
  name: 'lab runtime, PGlite',
  start: (options) => startTestServer(options),
};

/** A lab world as an API target: real HTTP. */
export function labTargetIn(world: LabWorld): ApiTarget {
  return {
    name: world.name,
    async start() {
      const server = await world.start();
      const { auth } = server.deps.config;
      return {
        url: server.url,
        fetch: (input, init) => fetch(input, init),
        auth: {
          secret: new TextEncoder().encode(TEST_JWT_SECRET),
          kid: keyIdOf(TEST_JWT_SECRET),
          issuer: auth.issuer,
          audience: auth.audience,
        },
        admin: (args) => adminOn(server.deps.store, args),
        close: () => server.close(),
      };
    },
  };
}

/** The lab runtime over real HTTP, on in-memory PGlite. */
export const labTarget: ApiTarget = labTargetIn(labPgliteWorld);

/**
 * `API_TARGETS=rehearsal` (the rehearsal project, functions/vitest.rehearsal.config.ts): the API suites run
 * through the assets `cdk synth` produced, and nothing else (the other worlds run in the functions project).
 */
const rehearsalOnly = process.env.API_TARGETS === 'rehearsal';

/**
 * The worlds on DynamoDB Local, where Java can run it (else none, with the reason printed; with
 * REQUIRE_SERVICES=1 a missing Java is an error): Lambda mode (API Gateway events into the AWS entry handlers,
 * on DynamoDB Local and s3rver; test/lambda/lambda-harness.ts) and the lab runtime on the AWS adapters.
 */
const lambdaWorlds = rehearsalOnly ? [] : lambdaTargets();
const dynamoDbLocalRuns = lambdaWorlds.length > 0;

/** The lab runtime on the AWS adapters (STORE=dynamodb BLOBS=s3), where DynamoDB Local runs. */
export const awsAdapterLabWorlds: LabWorld[] = dynamoDbLocalRuns ? [labDynamoDbS3World] : [];

/** Every world of the lab runtime: for the suites that need the server itself (chat, photos, rate limits). */
export const labWorlds: LabWorld[] = rehearsalOnly ? [] : [labPgliteWorld, ...awsAdapterLabWorlds];

/** Every world the API end-to-end suites run in: the lab runtime on PGlite, Lambda mode, the lab on AWS adapters. */
export const apiTargets: ApiTarget[] = rehearsalOnly
  ? [rehearsalTarget]
  : [labTarget, ...lambdaWorlds, ...awsAdapterLabWorlds.map(labTargetIn)];
