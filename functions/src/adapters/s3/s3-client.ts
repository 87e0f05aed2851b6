import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientOptions {
  region: string;
  /** An S3-compatible store (MinIO, s3rver, LocalStack); AWS when absent. */
  endpoint?: string;
  /** Bucket in the path instead of the host name: what most S3-compatible stores need. */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * An S3 client that also works with S3-compatible stores: checksums only where S3 requires them, because
 * several compatible stores reject the SDK's default streaming checksums (aws-chunked trailers).
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.endpoint === undefined
      ? {}
      : { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
  });
}
