import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3Client } from '../../src/adapters/s3/s3-client';

export interface RunningS3rver {
  endpoint: string;
  bucket: string;
  /** A client set up like the lab's BLOBS=s3 mode (path style, compatible checksums). */
  client(): S3Client;
  stop(): Promise<void>;
}

/** s3rver's fixed credentials; it checks SigV4 signatures made with them (but not POST policy conditions). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The lab runtime's environment for photos in this s3rver (BLOBS=s3); credentials: `useS3rverCredentials`. */
export const labBlobsEnv = (s3: Pick<RunningS3rver, 'bucket' | 'endpoint'>) => ({
  BLOBS: 's3',
  S3_BUCKET: s3.bucket,
  S3_ENDPOINT: s3.endpoint,
  S3_FORCE_PATH_STYLE: 'true',
  AWS_REGION: 'us-east-1',
});

const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
];

/**
 * Puts s3rver's credentials in the process environment, where the lab's AWS clients find them through the
 * SDK's default chain as on a real host (the lab's config never holds credentials). DynamoDB Local takes them
 * too. Answers the undo, which puts back what was there.
 */
export function useS3rverCredentials(): () => void {
  const saved = CREDENTIAL_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of CREDENTIAL_VARIABLES) delete process.env[name];
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** An in-process S3-compatible server on a free port, with one empty bucket, files in a temp folder. */
export async function startS3rver(bucket = 'photos'): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    bucket,
    client() {
      const client = createS3Client({
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
