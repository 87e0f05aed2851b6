import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSignedS3BlobStore } from '../../src/adapters/s3/s3-signed-blob-store';
import { newId } from '../../src/domain/ids';
import { type RunningS3rver, S3RVER_CREDENTIALS, startS3rver } from '../support/s3rver';
import { checkSigV4, type RecordedRequest, startRecordingEndpoint } from '../support/sigv4-check';
import { describeBlobStoreContract } from './blob-store-contract';

/**
 * The Lambda functions' photos bucket: S3 through signed requests (no S3 SDK client). The same contract as
 * the SDK-based store, on s3rver; on the wire, every request SigV4-signed as AWS checks it; the upload policy
 * identical to the SDK's presigned POST.
 */
describeBlobStoreContract('S3 through signed requests (s3rver)', async () => {
  const s3 = await startS3rver();
  const blobs = createSignedS3BlobStore({
    region: 'us-east-1',
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    credentials: S3RVER_CREDENTIALS,
  });
  return {
    blobs,
    dispose: async () => {
      blobs.destroy();
      await s3.stop();
    },
  };
});

const credentials = {
  accessKeyId: 'AKIDSIGNEDSTORE00000',
  secretAccessKey: 'signed-store-secret-key',
  sessionToken: 'session-token-of-a-lambda-role',
};

describe('S3 through signed requests, on the wire', () => {
  let endpoint: Awaited<ReturnType<typeof startRecordingEndpoint>>;
  const answers = new Map<string, { status: number; body?: string; headers?: Record<string, string> }>();
  beforeAll(async () => {
    endpoint = await startRecordingEndpoint(
      (request: RecordedRequest) => answers.get(`${request.method} ${request.url}`) ?? { status: 200 },
    );
  });
  afterAll(() => endpoint.close());

  const store = () =>
    createSignedS3BlobStore({
      region: 'eu-west-1',
      bucket: 'photos-bucket',
      endpoint: endpoint.url,
      credentials,
    });

  it('signs every operation as S3 checks it, path-style, keys encoded once', async () => {
    const key = 'media/a b/c+d(1)!.webp';
    const wireKey = '/photos-bucket/media/a%20b/c%2Bd%281%29%21.webp';
    answers.set(`HEAD ${wireKey}`, {
      status: 200,
      headers: { 'content-length': '3', 'content-type': 'image/webp' },
    });
    answers.set(`GET ${wireKey}`, { status: 200, body: 'abc', headers: { 'content-type': 'image/webp' } });
    const blobs = store();
    await blobs.put(key, new Uint8Array([1, 2, 3]), {
      contentType: 'image/webp',
      cacheControl: 'public, max-age=60',
    });
    expect(await blobs.head(key)).toEqual({ size: 3, contentType: 'image/webp' });
    expect(await blobs.get(key)).toMatchObject({ size: 3, contentType: 'image/webp' });
    await blobs.delete([key, 'uploads/x&y']);

    const sent = endpoint.requests.slice(-4);
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      `PUT ${wireKey}`,
      `HEAD ${wireKey}`,
      `GET ${wireKey}`,
      expect.stringMatching(/^POST \/photos-bucket\?delete=?$/),
    ]);
    for (const request of sent) {
      expect(checkSigV4(request, credentials.secretAccessKey)).toMatchObject({
        valid: true,
        service: 's3',
        region: 'eu-west-1',
        accessKeyId: credentials.accessKeyId,
      });
      expect(request.headers['x-amz-security-token']).toBe(credentials.sessionToken);
      expect(checkSigV4(request, 'another-secret').valid).toBe(false);
    }
    const [put, , , remove] = sent;
    expect(put?.headers).toMatchObject({
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=60',
    });
    expect([...(put?.body ?? [])]).toEqual([1, 2, 3]);
    expect(remove?.body.toString()).toBe(
      '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>' +
        '<Object><Key>media/a b/c+d(1)!.webp</Key></Object><Object><Key>uploads/x&amp;y</Key></Object></Delete>',
    );
    expect(remove?.headers['content-md5']).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('answers null for a missing object, and fails on errors and on keys S3 would not delete', async () => {
    answers.set('HEAD /photos-bucket/media/missing', { status: 404 });
    answers.set('GET /photos-bucket/media/missing', {
      status: 404,
      body: '<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>',
    });
    answers.set('GET /photos-bucket/media/forbidden', {
      status: 403,
      body: '<Error><Code>AccessDenied</Code><Message>no</Message></Error>',
    });
    const blobs = store();
    expect(await blobs.head('media/missing')).toBeNull();
    expect(await blobs.get('media/missing')).toBeNull();
    await expect(blobs.get('media/forbidden')).rejects.toThrow(/403 AccessDenied/);
    answers.set('POST /photos-bucket?delete=', {
      status: 200,
      body:
        '<DeleteResult><Error><Key>media/a</Key><Code>NoSuchKey</Code></Error>' +
        '<Error><Key>media/b</Key><Code>AccessDenied</Code><Message>no</Message></Error></DeleteResult>',
    });
    answers.set('POST /photos-bucket?delete', answers.get('POST /photos-bucket?delete=') ?? { status: 500 });
    await expect(blobs.delete(['media/a', 'media/b'])).rejects.toThrow(
      'S3 refused to delete media/b (AccessDenied)',
    );
  });
});

describe('S3 throttling through signed requests', () => {
  let endpoint: Awaited<ReturnType<typeof startRecordingEndpoint>>;
  const slowDown = {
    status: 503,
    headers: { 'content-type': 'application/xml' },
    body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
  };
  let answer: (request: RecordedRequest) => {
    status: number;
    body?: string;
    headers?: Record<string, string>;
  };
  beforeAll(async () => {
    endpoint = await startRecordingEndpoint((request) => answer(request));
  });
  afterAll(() => endpoint.close());

  const store = () =>
    createSignedS3BlobStore({
      region: 'eu-west-1',
      bucket: 'photos-bucket',
      endpoint: endpoint.url,
      credentials,
    });

  it('retries 503 SlowDown (each attempt signed afresh) and succeeds when S3 takes the request', async () => {
    let calls = 0;
    answer = () => {
      calls += 1;
      return calls <= 2 ? slowDown : { status: 200 };
    };
    const blobs = store();
    await blobs.put('media/slow.webp', new Uint8Array([1, 2, 3]), { contentType: 'image/webp' });
    expect(calls).toBe(3);
    const attempts = endpoint.requests.slice(-3);
    expect(attempts.map((request) => `${request.method} ${request.url}`)).toEqual(
      Array(3).fill('PUT /photos-bucket/media/slow.webp'),
    );
    for (const request of attempts) {
      expect(checkSigV4(request, credentials.secretAccessKey).valid).toBe(true);
      expect([...request.body]).toEqual([1, 2, 3]);
    }
    blobs.destroy();
  });

  it('gives up after three attempts with the SlowDown error', async () => {
    let calls = 0;
    answer = () => {
      calls += 1;
      return slowDown;
    };
    const blobs = store();
    await expect(blobs.get('media/slow.webp')).rejects.toThrow('S3 GetObject failed: 503 SlowDown');
    expect(calls).toBe(3);
    blobs.destroy();
  });
});

describe('S3 presigned POST through signed requests', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(() => s3.stop());
  afterEach(() => vi.useRealTimers());

  const policy = {
    key: `uploads/${newId()}/${newId()}`,
    contentType: 'image/jpeg',
    maxBytes: 10_485_760,
    expiresInSeconds: 300,
  };

  it.each([
    ['on AWS (virtual-hosted bucket)', undefined],
    ['on an S3-compatible endpoint (path style)', 'https://photos.lab.example'],
  ])('gives exactly the fields and URL of the SDK presigned POST, %s', async (_, endpoint) => {
    vi.useFakeTimers({ now: new Date('2026-11-25T12:34:56.789Z'), toFake: ['Date'] });
    const sdk = new S3Client({
      region: 'eu-west-1',
      credentials,
      ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    });
    const expected = await createPresignedPost(sdk, {
      Bucket: 'dating-photos',
      Key: policy.key,
      Conditions: [
        ['eq', '$Content-Type', policy.contentType],
        ['content-length-range', 1, policy.maxBytes],
      ],
      Fields: { 'Content-Type': policy.contentType },
      Expires: policy.expiresInSeconds,
    });
    sdk.destroy();
    const blobs = createSignedS3BlobStore({
      region: 'eu-west-1',
      bucket: 'dating-photos',
      credentials,
      ...(endpoint === undefined ? {} : { endpoint }),
    });
    const upload = await blobs.presignUpload(policy);
    blobs.destroy();
    expect(upload.fields).toEqual(expected.fields);
    expect(upload.url.replace(/\/$/, '')).toBe(expected.url.replace(/\/$/, ''));
  });

  it('lets a browser-style multipart POST store the object under the key', async () => {
    const blobs = createSignedS3BlobStore({
      region: 'us-east-1',
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      credentials: S3RVER_CREDENTIALS,
    });
    const target = `uploads/${newId()}/${newId()}`;
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
    blobs.destroy();
  });
});
