import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createFsBlobStore } from '../../adapters/fs/fs-blob-store';
import { createS3BlobStore } from '../../adapters/s3/s3-blob-store';
import { createS3Client } from '../../adapters/s3/s3-client';
import type { BlobStore } from '../../ports/blob-store';
import type { Clock } from '../../ports/clock';

/** Where the lab keeps photos (BLOBS). */
export type BlobsConfig =
  | {
      kind: 'fs';
      /** `DATA_DIR/blobs`. */
      root: string;
    }
  | {
      kind: 's3';
      bucket: string;
      region: string;
      /** The S3-compatible store as the server reaches it (MinIO...); AWS S3 when absent. */
      endpoint?: string;
      /** The same store as browsers reach it, when that differs (an ingress in front of MinIO). */
      publicEndpoint?: string;
      forcePathStyle: boolean;
    };

/** The lab's emulated presigned POST endpoint (same origin as the SPA). */
export const UPLOAD_PATH = '/uploads';

/** The bucket name the lab's S3 events carry in BLOBS=fs mode. */
export const LAB_BUCKET_NAME = 'lab-photos';

/**
 * The upload policies' HMAC key: UPLOAD_SECRET, or else derived from the JWT secret with a fixed label, so a
 * policy signature can never be replayed as a token signature or the other way round.
 */
export function uploadSecretFrom(configured: string | undefined, jwtSecret: string): Uint8Array {
  if (configured !== undefined) return new TextEncoder().encode(configured);
  return new Uint8Array(createHmac('sha256', jwtSecret).update('dating-app upload policy v1').digest());
}

export interface LabBlobs {
  blobs: BlobStore;
  /** True in BLOBS=s3 mode: no storage event reaches the lab, so `/complete` processes uploads. */
  processOnComplete: boolean;
  /** The origin browsers upload to when it is not ours (BLOBS=s3): the CSP must allow connecting to it. */
  uploadOrigin: string | null;
  close(): void;
}

export function openLabBlobs(config: BlobsConfig, uploadSecret: Uint8Array, clock: Clock): LabBlobs {
  if (config.kind === 'fs') {
    return {
      blobs: createFsBlobStore({ root: config.root, uploadUrl: UPLOAD_PATH, uploadSecret, clock }),
      processOnComplete: false,
      uploadOrigin: null,
      close: () => {},
    };
  }
  const options = { region: config.region, forcePathStyle: config.forcePathStyle };
  const client = createS3Client({ ...options, ...(config.endpoint ? { endpoint: config.endpoint } : {}) });
  const presignClient = config.publicEndpoint
    ? createS3Client({ ...options, endpoint: config.publicEndpoint })
    : client;
  const store = createS3BlobStore({ client, bucket: config.bucket, presignClient });
  const browserEndpoint = config.publicEndpoint ?? config.endpoint;
  return {
    blobs: store,
    processOnComplete: true,
    uploadOrigin: browserEndpoint
      ? new URL(browserEndpoint).origin
      : `https://${config.bucket}.s3.${config.region}.amazonaws.com`,
    close: () => store.destroy(),
  };
}

export const fsBlobsRoot = (dataDir: string) => join(dataDir, 'blobs');
