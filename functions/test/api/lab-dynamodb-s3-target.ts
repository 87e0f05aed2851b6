import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, dynamoDbLocalClientConfig, startDynamoDbLocal } from '../support/dynamodb-local';
import { startTestServer } from '../support/lab-server';
import { labBlobsEnv, S3RVER_CREDENTIALS, startS3rver, useS3rverCredentials } from '../support/s3rver';
import type { LabWorld } from './api-targets';

let sharedDynamoDbLocal: Promise<DynamoDbLocal> | null = null;

/**
 * One DynamoDB Local per test process, started on first use (a JVM start costs seconds, many under load);
 * every server gets a fresh table in it. Java goes with the process: dynamodb-local.ts kills it on exit, and
 * its watchdog when the process is killed.
 */
function dynamoDbLocal(): Promise<DynamoDbLocal> {
  if (sharedDynamoDbLocal === null) {
    const starting = startDynamoDbLocal();
    sharedDynamoDbLocal = starting;
    starting.catch(() => {
      if (sharedDynamoDbLocal === starting) sharedDynamoDbLocal = null;
    });
  }
  return sharedDynamoDbLocal;
}

/**
 * The lab runtime on the AWS adapters, configured as an operator would (`STORE=dynamodb BLOBS=s3`, see
 * localstack/README.md): a fresh table on DynamoDB Local, created by the server (DYNAMODB_CREATE_TABLE), and
 * photos in an in-process s3rver. Credentials come from the process environment (the SDK's default chain), as
 * on a real host.
 *
 * No storage event reaches a lab with BLOBS=s3: uploads are processed when the client calls
 * `POST /api/photos/{id}/complete`, as the SPA does after every upload (the suites' fixtures do the same).
 */
export const labDynamoDbS3World: LabWorld = {
  name: 'lab runtime, STORE=dynamodb BLOBS=s3 (DynamoDB Local, s3rver)',
  async start(options = {}) {
    const undo: (() => Promise<void> | void)[] = [];
    const undoAll = async () => {
      for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => undefined);
    };
    try {
      const { endpoint } = await dynamoDbLocal();
      const tableName = `lab-${randomBytes(6).toString('hex')}`;
      undo.push(async () => {
        // DynamoDB Local keeps a database per access key: the one the server signed with.
        const client = new DynamoDBClient({
          ...dynamoDbLocalClientConfig(endpoint),
          credentials: S3RVER_CREDENTIALS,
        });
        try {
          await client.send(new DeleteTableCommand({ TableName: tableName }));
        } finally {
          client.destroy();
        }
      });
      const s3 = await startS3rver('lab-photos');
      undo.push(() => s3.stop());
      undo.push(useS3rverCredentials());
      const server = await startTestServer({
        ...options,
        env: {
          STORE: 'dynamodb',
          DYNAMODB_TABLE: tableName,
          DYNAMODB_CREATE_TABLE: 'true',
          AWS_ENDPOINT_URL: endpoint,
          ...labBlobsEnv(s3),
          ...options.env,
        },
      });
      // The world is what its name says, or none of its tests means anything.
      if (server.deps.store.kind !== 'dynamodb' || !server.deps.config.photos.processOnComplete) {
        await server.close();
        throw new Error(`expected STORE=dynamodb BLOBS=s3, got a ${server.deps.store.kind} store`);
      }
      return {
        ...server,
        async close() {
          try {
            await server.close(); // closes the store and the S3 client
          } finally {
            await undoAll();
          }
        },
      };
    } catch (error) {
      await undoAll();
      throw error;
    }
  },
};
