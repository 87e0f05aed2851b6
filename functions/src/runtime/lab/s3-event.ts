import { createHash, randomBytes } from 'node:crypto';
import type { S3Event } from 'aws-lambda';

export interface ObjectCreatedInput {
  bucket: string;
  key: string;
  size: number;
  body: Uint8Array;
  sourceIp: string;
  region: string;
  eventTime: Date;
  /** S3 sends one id per request; we generate one the same shape (16 hex uppercase). */
  requestId?: string;
}

/** S3 URL-encodes keys in event records (spaces as `+`), so handlers must decode them, as on AWS. */
const encodeEventKey = (key: string) => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

/** Strictly increasing per process, like S3's per-key sequencer (hex, compared as strings of equal length). */
let sequence = 0n;
const nextSequencer = () => {
  sequence += 1n;
  return (BigInt(Date.now()) * 1_000_000n + sequence).toString(16).toUpperCase().padStart(18, '0');
};

/**
 * The `s3:ObjectCreated:Post` notification S3 sends after a successful browser POST upload, record for
 * record as documented (event version 2.1), so the photo handler cannot tell the lab from AWS.
 */
export function objectCreatedPostEvent(input: ObjectCreatedInput): S3Event {
  const requestId = input.requestId ?? randomBytes(8).toString('hex').toUpperCase();
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: input.region,
        eventTime: input.eventTime.toISOString(),
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: 'AWS:LAB-UPLOAD-ENDPOINT' },
        requestParameters: { sourceIPAddress: input.sourceIp },
        responseElements: {
          'x-amz-request-id': requestId,
          'x-amz-id-2': randomBytes(48).toString('base64'),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'photo-uploads',
          bucket: {
            name: input.bucket,
            ownerIdentity: { principalId: 'LAB' },
            arn: `arn:aws:s3:::${input.bucket}`,
          },
          object: {
            key: encodeEventKey(input.key),
            size: input.size,
            // A single-part upload's ETag is the MD5 of its bytes.
            eTag: createHash('md5').update(input.body).digest('hex'),
            sequencer: nextSequencer(),
          },
        },
      },
    ],
  };
}
