import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3BlobStore } from '../../src/adapters/s3/s3-blob-store';
import { createS3Client } from '../../src/adapters/s3/s3-client';
import { newId } from '../../src/domain/ids';
import { type RunningS3rver, S3RVER_CREDENTIALS, startS3rver } from '../support/s3rver';
import { describeBlobStoreContract } from './blob-store-contract';

describeBlobStoreContract('S3 (s3rver)', async () => {
  const s3 = await startS3rver();
  const blobs = createS3BlobStore({ client: s3.client(), bucket: s3.bucket });
  return { blobs, dispose: () => s3.stop() };
});

interface DecodedPolicy {
  expiration: string;
  conditions: unknown[];
}

const decodePolicy = (encoded: string | undefined): DecodedPolicy =>
  JSON.parse(Buffer.from(encoded ?? '', 'base64').toString('utf8'));

describe('S3 presigned POST', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(() => s3.stop());

  const key = () => `uploads/${newId()}/${newId()}`;

  // s3rver does not enforce POST policies, so the conditions S3 will enforce are checked here, in the policy.
  it('binds the policy to the exact key and content type, 1..max bytes, for the given time', async () => {
    const blobs = createS3BlobStore({ client: s3.client(), bucket: s3.bucket });
    const target = key();
    const before = Date.now();
    const upload = await blobs.presignUpload({
      key: target,
      contentType: 'image/jpeg',
      maxBytes: 10 * 1024 * 1024,
      expiresInSeconds: 300,
    });
    const policy = decodePolicy(upload.fields.Policy);
    const expires = Date.parse(policy.expiration);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 300_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(policy.conditions).toContainEqual({ key: target });
    expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'image/jpeg']);
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 10 * 1024 * 1024]);
    expect(policy.conditions).toContainEqual({ bucket: s3.bucket });
    // No condition widens what may be written: no starts-with on any field.
    expect(
      policy.conditions.filter((condition) => Array.isArray(condition) && condition[0] === 'starts-with'),
    ).toEqual([]);
    expect(upload.fields).toMatchObject({
      key: target,
      'Content-Type': 'image/jpeg',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    });
    expect(upload.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(upload.url).toBe(`${s3.endpoint}/${s3.bucket}`);
  });

  it('presigns with the public endpoint when one is given, and writes through the private one', async () => {
    const presignClient = createS3Client({
      region: 'us-east-1',
      endpoint: 'https://photos.lab.example',
      credentials: S3RVER_CREDENTIALS,
    });
    const blobs = createS3BlobStore({ client: s3.client(), bucket: s3.bucket, presignClient });
    const upload = await blobs.presignUpload({
      key: key(),
      contentType: 'image/png',
      maxBytes: 10,
      expiresInSeconds: 60,
    });
    expect(upload.url).toBe(`https://photos.lab.example/${s3.bucket}`);
    presignClient.destroy();
  });

  it('lets a browser-style multipart POST store the object under the key', async () => {
    const blobs = createS3BlobStore({ client: s3.client(), bucket: s3.bucket });
    const target = key();
    const upload = await blobs.presignUpload({
      key: target,
      contentType: 'image/png',
      maxBytes: 1024,
      expiresInSeconds: 60,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'photo.png');
    const response = await fetch(upload.url, { method: 'POST', body: form });
    expect(response.status).toBe(204);
    expect(await blobs.head(target)).toEqual({ size: 3, contentType: 'image/png' });
  });
});
