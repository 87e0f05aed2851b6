import { createHash, createHmac } from 'node:crypto';
import { Sha256 } from '@smithy/core/checksum';
import { createScope, getSigningKey } from '@smithy/signature-v4';
import type { BlobStore } from '../../ports/blob-store';
import {
  AwsApiError,
  type AwsClientOptions,
  type AwsResponse,
  configuredEndpoint,
  createAwsRequester,
} from '../aws/signed-request';

/**
 * The photos bucket for the Lambda functions: the five S3 operations the BlobStore needs as signed requests
 * (adapters/aws/signed-request.ts), instead of the S3 SDK client, which alone is ~150 KB of every photo
 * function's bundle. Same semantics as s3-blob-store.ts (the lab's, on the SDK): both pass the blob store
 * contract against s3rver, and test/blobs/s3-signed-blob-store.test.ts checks the signatures and the upload
 * policy against an independent SigV4 check and the SDK's own presigned POST.
 */

export interface SignedS3BlobStoreOptions extends AwsClientOptions {
  bucket: string;
  /**
   * An S3-compatible endpoint (s3rver, LocalStack, MinIO), addressed path-style; else the SDK's endpoint
   * variables (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`), else AWS.
   */
  endpoint?: string;
}

/** S3's DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

/** RFC 3986 encoding of each key segment (S3 signs the path as sent: encoded exactly once). */
const encodeKey = (key: string) =>
  key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : "'",
  );

const xmlValue = (xml: string, tag: string) => {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
};

/** S3's XML error (`<Error><Code>NoSuchKey</Code>...`) as an AwsApiError. */
function s3Error(response: AwsResponse, operation: string): AwsApiError {
  const body = response.body.toString('utf8');
  const code = xmlValue(body, 'Code');
  const message = xmlValue(body, 'Message') ?? '';
  return new AwsApiError(
    response.status,
    code,
    `S3 ${operation} failed: ${response.status} ${code ?? ''} ${message}`.trim(),
  );
}

const iso8601 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createSignedS3BlobStore(options: SignedS3BlobStoreOptions): BlobStore & { destroy(): void } {
  const { bucket, region } = options;
  const send = createAwsRequester(options);

  // Path-style on a custom endpoint (and for bucket names with dots, whose virtual host no certificate
  // covers), virtual-hosted on AWS: `https://{bucket}.s3.{region}.amazonaws.com`.
  const configured = options.endpoint ?? configuredEndpoint('S3');
  const bucketUrl = configured
    ? `${configured.replace(/\/+$/, '')}/${bucket}`
    : bucket.includes('.')
      ? `https://s3.${region}.amazonaws.com/${bucket}`
      : `https://${bucket}.s3.${region}.amazonaws.com`;
  const objectUrl = (key: string) => new URL(`${bucketUrl}/${encodeKey(key)}`);

  return {
    async presignUpload(policy) {
      // The POST policy of @aws-sdk/s3-presigned-post: exact key (a condition), exact Content-Type, size range.
      const now = new Date();
      const signingDate = iso8601(now).replace(/[-:]/g, '');
      const shortDate = signingDate.slice(0, 8);
      const identity = await send.credentials();
      const fields: Record<string, string> = {
        'Content-Type': policy.contentType,
        bucket,
        'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
        'X-Amz-Credential': `${identity.accessKeyId}/${createScope(shortDate, region, 's3')}`,
        'X-Amz-Date': signingDate,
        ...(identity.sessionToken ? { 'X-Amz-Security-Token': identity.sessionToken } : {}),
      };
      const conditions = [
        ['eq', '$Content-Type', policy.contentType],
        ['content-length-range', 1, policy.maxBytes],
        ...Object.entries(fields).map(([name, value]) => ({ [name]: value })),
        { key: policy.key },
      ];
      const encoded = Buffer.from(
        JSON.stringify({
          expiration: iso8601(new Date(now.getTime() + policy.expiresInSeconds * 1000)),
          conditions,
        }),
      ).toString('base64');
      const signingKey = await getSigningKey(Sha256, identity, shortDate, region, 's3');
      const signature = createHmac('sha256', signingKey).update(encoded).digest('hex');
      return {
        url: bucketUrl,
        fields: { ...fields, key: policy.key, Policy: encoded, 'X-Amz-Signature': signature },
      };
    },

    async head(key) {
      const response = await send({ service: 's3', method: 'HEAD', url: objectUrl(key) });
      if (response.status === 404) return null;
      if (response.status !== 200) throw s3Error(response, 'HeadObject');
      return {
        size: Number(response.headers['content-length'] ?? 0),
        contentType: response.headers['content-type'] ?? null,
      };
    },

    async get(key) {
      const response = await send({ service: 's3', method: 'GET', url: objectUrl(key) });
      if (response.status === 404) return null;
      if (response.status !== 200) throw s3Error(response, 'GetObject');
      const body = new Uint8Array(response.body);
      return { body, size: body.byteLength, contentType: response.headers['content-type'] ?? null };
    },

    async put(key, body, putOptions) {
      const response = await send({
        service: 's3',
        method: 'PUT',
        url: objectUrl(key),
        headers: {
          'content-type': putOptions.contentType,
          ...(putOptions.cacheControl === undefined ? {} : { 'cache-control': putOptions.cacheControl }),
        },
        body,
      });
      if (response.status !== 200) throw s3Error(response, 'PutObject');
    },

    async delete(keys) {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        const xml =
          '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>' +
          batch.map((key) => `<Object><Key>${escapeXml(key)}</Key></Object>`).join('') +
          '</Delete>';
        const response = await send({
          service: 's3',
          method: 'POST',
          url: Object.assign(new URL(bucketUrl), { search: 'delete=' }),
          headers: {
            'content-type': 'application/xml',
            // DeleteObjects requires an integrity header.
            'content-md5': createHash('md5').update(xml).digest('base64'),
          },
          body: xml,
        });
        if (response.status !== 200) throw s3Error(response, 'DeleteObjects');
        const failed = [...response.body.toString('utf8').matchAll(/<Error>([\s\S]*?)<\/Error>/g)]
          .map((match) => ({ key: xmlValue(match[1] ?? '', 'Key'), code: xmlValue(match[1] ?? '', 'Code') }))
          .filter((error) => error.code !== 'NoSuchKey');
        if (failed.length > 0) {
          throw new Error(
            `S3 refused to delete ${failed.map((error) => `${error.key} (${error.code})`).join(', ')}`,
          );
        }
      }
    },

    destroy: () => send.destroy(),
  };
}
