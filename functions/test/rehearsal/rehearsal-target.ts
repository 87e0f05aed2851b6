import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbStore } from '../../src/adapters/dynamodb/store';
import { keyIdOf } from '../../src/runtime/access-token-keys';
import type { ApiTarget } from '../api/api-targets';
import { adminOn } from '../support/admin-on';
import { S3RVER_CREDENTIALS } from '../support/s3rver';
import { RehearsalError } from './cloud-assembly';
import { readDeployment } from './deployment';
import { type RehearsalWorld, startRehearsalWorld } from './rehearsal-world';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The one environment override that is not an endpoint: the API suites register hundreds of accounts from
 * one address, which the default rate limits would refuse. The rate-limit suite runs in the lab worlds.
 */
export const REHEARSAL_ENVIRONMENT = { RATE_LIMITS: 'off' };

/**
 * The cloud assembly to rehearse, in a directory of its own (the photo asset gets the host's sharp build
 * added, which must never reach an assembly that is deployed): a copy of `REHEARSAL_CDK_OUT` when given (an
 * operator's `cdk synth` output), else a fresh synth of the app (`REHEARSAL_CONTEXT`: `key=value` pairs).
 */
export async function prepareCloudAssembly(): Promise<{
  directory: string;
  synthMs: number;
  remove(): void;
}> {
  const directory = mkdtempSync(join(tmpdir(), 'rehearsal-cdk-out-'));
  const remove = () => rmSync(directory, { recursive: true, force: true });
  const started = Date.now();
  const given = process.env.REHEARSAL_CDK_OUT;
  if (given) {
    cpSync(given, directory, { recursive: true });
    return { directory, synthMs: 0, remove };
  }
  const context = (process.env.REHEARSAL_CONTEXT ?? '').split(/\s+/).filter(Boolean);
  // A child process, asynchronously: the test process never imports the CDK app, and stays responsive.
  const synth = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(REPO_ROOT, 'infra', 'rehearsal', 'synth-cli.ts'),
      directory,
      ...context,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  synth.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const [code] = (await once(synth, 'exit')) as [number | null];
  if (code !== 0) {
    remove();
    throw new RehearsalError(`cdk synth failed (exit ${code}):\n${stderr}`);
  }
  return { directory, synthMs: Date.now() - started, remove };
}

let shared: Promise<{ world: RehearsalWorld; synthMs: number; remove(): void }> | null = null;

/** The rehearsal world of this test file: synthesized and started once, shared by every suite. */
export function sharedRehearsal() {
  shared ??= (async () => {
    const assembly = await prepareCloudAssembly();
    try {
      const world = await startRehearsalWorld(readDeployment(assembly.directory), {
        environment: REHEARSAL_ENVIRONMENT,
      });
      return { world, synthMs: assembly.synthMs, remove: assembly.remove };
    } catch (error) {
      assembly.remove();
      throw error;
    }
  })();
  return shared;
}

export async function closeSharedRehearsal(): Promise<void> {
  if (shared === null) return;
  const running = await shared.catch(() => null);
  shared = null;
  if (!running) return;
  await running.world.close();
  running.remove();
}

/** The value of the secret the functions read their access token keys from, and its issuer and audience. */
export function accessTokenKeyOf(world: RehearsalWorld) {
  const fn = world.deployment.functions.find((candidate) => candidate.environment.JWT_SECRET_ARN);
  const secret = fn ? world.secretValue(fn.environment.JWT_SECRET_ARN ?? '') : undefined;
  if (!fn || secret === undefined)
    throw new RehearsalError('no function names a JWT secret (JWT_SECRET_ARN)');
  return {
    secret: new TextEncoder().encode(secret),
    kid: keyIdOf(secret),
    issuer: fn.environment.JWT_ISSUER ?? 'dating-app',
    audience: fn.environment.JWT_AUDIENCE ?? 'dating-app',
  };
}

/**
 * The API suites' third world: the assets `cdk synth` produced, each function in its own Node process, behind
 * the templates' routes, on DynamoDB Local and s3rver (rehearsal-world.ts). Every start begins on empty tables
 * and buckets; the functions stay warm between suites, as deployed ones do.
 */
export const rehearsalTarget: ApiTarget = {
  name: 'rehearsal: synthesized assets',
  async start() {
    const { world } = await sharedRehearsal();
    await world.resetData();
    return {
      url: world.url,
      fetch: (input, init) => fetch(input, init),
      auth: accessTokenKeyOf(world),
      admin: (args) => adminOnRehearsal(world, args),
      close: () => world.settled(),
    };
  },
};

/** `npm run admin` with the operator's view of the deployment: a store on the app's table in DynamoDB Local. */
async function adminOnRehearsal(world: RehearsalWorld, args: readonly string[]): Promise<string> {
  const table = world.deployment.tables.find((candidate) =>
    candidate.globalSecondaryIndexes.some((index) => index.IndexName === 'GSI1'),
  );
  if (!table) throw new RehearsalError('no table with the app’s indexes (GSI1) in the templates');
  const store = createDynamoDbStore({
    client: DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: world.dynamoDbEndpoint,
        // DynamoDB Local keeps one database per access key and region: the functions'.
        region: world.deployment.stacks[0]?.region ?? 'us-east-1',
        credentials: S3RVER_CREDENTIALS,
      }),
    ),
    tableName: table.name,
  });
  try {
    return await adminOn(store, args);
  } finally {
    await store.close();
  }
}
