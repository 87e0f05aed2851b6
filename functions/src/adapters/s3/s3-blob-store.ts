import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { BlobStore } from '../../ports/blob-store';

export interface S3BlobStoreOptions {
  /** Reads, writes and deletes (inside the VPC or the lab network). The store owns it: see `destroy`. */
  client: S3Client;
  bucket: string;
  /**
   * Signs upload policies when browsers reach the store at another address than the server does (the lab
   * with MinIO behind an ingress: `S3_PUBLIC_ENDPOINT`). Defaults to `client`.
   */
  presignClient?: S3Client;
}

/** S3's DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

const isMissing = (error: unknown) =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);

/** Photos in S3 or any S3-compatible store (MinIO, s3rver, LocalStack). */
export function createS3BlobStore({
  client,
  bucket,
  presignClient = client,
}: S3BlobStoreOptions): BlobStore & {
  destroy(): void;
} {
  return {
    async presignUpload(policy) {
      // S3 enforces every condition: exact key (added by createPresignedPost), exact Content-Type, size range.
      const { url, fields } = await createPresignedPost(presignClient, {
        Bucket: bucket,
        Key: policy.key,
        Conditions: [
          ['eq', '$Content-Type', policy.contentType],
          ['content-length-range', 1, policy.maxBytes],
        ],
        Fields: { 'Content-Type': policy.contentType },
        Expires: policy.expiresInSeconds,
      });
      return { url, fields };
    },

    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? null };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
        return { body, size: body.byteLength, contentType: object.ContentType ?? null };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async put(key, body, options) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          ...(options.cacheControl === undefined ? {} : { CacheControl: options.cacheControl }),
        }),
      );
    },

    async delete(keys) {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        const { Errors } = await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        const failed = (Errors ?? []).filter((error) => error.Code !== 'NoSuchKey');
        if (failed.length > 0) {
          throw new Error(
            `S3 refused to delete ${failed.map((error) => `${error.Key} (${error.Code})`).join(', ')}`,
          );
        }
      }
    },

    destroy() {
      client.destroy();
      if (presignClient !== client) presignClient.destroy();
    },
  };
}
