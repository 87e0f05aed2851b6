import type { BlobStore } from '../../ports/blob-store';
import type { AwsConfig } from './config';

/** The photos bucket through the S3 client (AWS, or `S3_ENDPOINT`: s3rver in tests, LocalStack). */
export const s3Blobs = async (config: AwsConfig): Promise<BlobStore> => {
  if (config.photosBucket === undefined) throw new Error('PHOTOS_BUCKET is required by this function');
  const [{ createS3BlobStore }, { createS3Client }] = await Promise.all([
    import('../../adapters/s3/s3-blob-store'),
    import('../../adapters/s3/s3-client'),
  ]);
  const client = createS3Client({
    region: config.region,
    ...(config.s3Endpoint === undefined ? {} : { endpoint: config.s3Endpoint, forcePathStyle: true }),
  });
  return createS3BlobStore({ client, bucket: config.photosBucket });
};
