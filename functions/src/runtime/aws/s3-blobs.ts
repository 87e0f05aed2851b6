import { createSignedS3BlobStore } from '../../adapters/s3/s3-signed-blob-store';
import type { BlobStore } from '../../ports/blob-store';
import type { AwsConfig } from './config';

/**
 * The photos bucket (AWS, or `S3_ENDPOINT`: s3rver in tests, LocalStack), through signed requests rather than
 * the S3 SDK client (adapters/aws/signed-request.ts says why); checked on first use like every optional adapter.
 */
export const s3Blobs = async (config: AwsConfig): Promise<BlobStore> => {
  if (config.photosBucket === undefined) throw new Error('PHOTOS_BUCKET is required by this function');
  return createSignedS3BlobStore({
    region: config.region,
    bucket: config.photosBucket,
    ...(config.s3Endpoint === undefined ? {} : { endpoint: config.s3Endpoint }),
  });
};
