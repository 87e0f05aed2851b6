import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore, listFsBlobKeys } from '../../src/adapters/fs/fs-blob-store';
import { createUsedUploadPolicies } from '../../src/adapters/fs/used-upload-policies';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { objectKeyOf } from '../../src/handlers/events/process-photo';
import type { BlobStore, PresignedUpload } from '../../src/ports/blob-store';
import { createUploadEndpoint, type UploadEndpoint } from '../../src/runtime/lab/upload-endpoint';

const secret = new TextEncoder().encode('upload endpoint test secret, 32+ bytes');
const MAX = 64 * 1024;
const MAX_CONCURRENT = 2;

/** The endpoint on a bare HTTP server, with the filesystem store that signs its policies. */
describe('lab upload endpoint (emulated S3 presigned POST)', () => {
  let root: string;
  let blobs: BlobStore;
  let endpoint: UploadEndpoint;
  let server: Server;
  let url: string;
  let now = Date.UTC(2026, 2, 1, 12);
  const events: S3Event[] = [];
  const clock = { now: () => new Date(now) };

  /** An endpoint and its HTTP server; a second one on the same folders is what another replica is. */
  const serveEndpoint = async (maxConcurrentUploads: number) => {
    const endpoint = createUploadEndpoint({
      blobs,
      secret,
      maxObjectBytes: 10 * 1024 * 1024,
      maxConcurrentUploads,
      usedPolicies: createUsedUploadPolicies(`${root}-used`, clock),
      bucket: 'lab-photos',
      region: 'lab-1',
      clock,
      log: createJsonLogger({ write: () => {} }),
      onObjectCreated: async (event) => {
        events.push(event);
      },
    });
    const server = createServer((request, response) => {
      endpoint.handle(request, response, '203.0.113.7').catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { endpoint, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/uploads` };
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'uploads-'));
    blobs = createFsBlobStore({ root, uploadUrl: '/uploads', uploadSecret: secret, clock });
    ({ endpoint, server, url } = await serveEndpoint(MAX_CONCURRENT));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
    await rm(`${root}-used`, { recursive: true, force: true });
  });
  beforeEach(() => {
    events.length = 0;
    now = Date.UTC(2026, 2, 1, 12);
  });

  let counter = 0;
  const presign = (contentType = 'image/jpeg', maxBytes = MAX) =>
    blobs.presignUpload({
      key: `uploads/01J0000000000000000000000${counter++ % 10}/01J00000000000000000000${String(counter).padStart(3, '0')}`,
      contentType,
      maxBytes,
      expiresInSeconds: 300,
    });

  const post = async (
    upload: PresignedUpload,
    file: Uint8Array | null,
    edit: (form: FormData) => void = () => {},
    to = { url, endpoint },
  ) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    edit(form);
    if (file) form.append('file', new Blob([file], { type: 'image/jpeg' }), 'photo.jpg');
    const response = await fetch(to.url, { method: 'POST', body: form });
    await to.endpoint.idle();
    const text = await response.text();
    return {
      status: response.status,
      text,
      code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1],
      headers: response.headers,
    };
  };

  const bytes = (size: number) => new Uint8Array(size).fill(7);

  it('stores an upload that keeps to its policy, answers 204 and emits ObjectCreated:Post', async () => {
    const upload = await presign();
    const body = bytes(1234);
    const answer = await post(upload, body);
    expect(answer.status).toBe(204);
    const etag = createHash('md5').update(body).digest('hex');
    expect(answer.headers.get('etag')).toBe(`"${etag}"`);
    const key = upload.fields.key ?? '';
    expect((await blobs.get(key))?.size).toBe(1234);
    expect(events).toHaveLength(1);
    const record = events[0]?.Records[0];
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'lab-1',
      eventName: 'ObjectCreated:Post',
      eventTime: new Date(now).toISOString(),
      requestParameters: { sourceIPAddress: '203.0.113.7' },
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: 'lab-photos', arn: 'arn:aws:s3:::lab-photos' },
        object: { key, size: 1234, eTag: etag },
      },
    });
    if (record) expect(objectKeyOf(record)).toBe(key);
    await blobs.delete([key]);
  });

  it('accepts exactly the maximum size and refuses one byte more', async () => {
    expect((await post(await presign(), bytes(MAX))).status).toBe(204);
    const over = await post(await presign(), bytes(MAX + 1));
    expect(over).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    expect(over.text).toContain(`<MaxSizeAllowed>${MAX}</MaxSizeAllowed>`);
  });

  it('refuses an empty file (content-length-range starts at 1)', async () => {
    expect(await post(await presign(), bytes(0))).toMatchObject({ status: 400, code: 'EntityTooSmall' });
  });

  it('refuses an expired policy, and one tampered with', async () => {
    const upload = await presign();
    now += 301_000;
    const expired = await post(upload, bytes(10));
    expect(expired).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(expired.text).toContain('Policy expired');
    now -= 301_000;
    const longer = Buffer.from(
      (upload.fields.Policy ? Buffer.from(upload.fields.Policy, 'base64').toString() : '').replace(
        /"expiration":"[^"]+"/,
        '"expiration":"2099-01-01T00:00:00.000Z"',
      ),
    ).toString('base64');
    expect(await post({ ...upload, fields: { ...upload.fields, Policy: longer } }, bytes(10))).toMatchObject({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
  });

  it('refuses a different content type, key or an uncovered field', async () => {
    const upload = await presign('image/jpeg');
    for (const fields of [
      { ...upload.fields, 'Content-Type': 'text/html' },
      { ...upload.fields, key: 'media/01J00000000000000000000000/01J00000000000000000000000/256.webp' },
      { ...upload.fields, acl: 'public-read' },
    ]) {
      expect(await post({ ...upload, fields }, bytes(10))).toMatchObject({
        status: 403,
        code: 'AccessDenied',
      });
    }
  });

  it('only counts fields sent before the file, like S3', async () => {
    const upload = await presign();
    const { 'Content-Type': contentType = '', ...withoutType } = upload.fields;
    const answer = await post({ ...upload, fields: withoutType }, bytes(10));
    expect(answer).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(contentType).toBe('image/jpeg');
  });

  it('refuses a form without a file, or with two', async () => {
    expect(await post(await presign(), null)).toMatchObject({ status: 400, code: 'InvalidArgument' });
    const twice = await post(await presign(), bytes(5), (form) =>
      form.append('file', new Blob([bytes(5)], { type: 'image/jpeg' }), 'first.jpg'),
    );
    expect(twice).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('refuses what is not a multipart form, and methods other than POST', async () => {
    const json = await fetch(url, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(412);
    expect(await json.text()).toContain('<Code>PreconditionFailed</Code>');
    const get = await fetch(url);
    expect(get.status).toBe(405);
  });

  it('refuses a body declared too large before reading it', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(url, {
        method: 'POST',
        headers: {
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(50 * 1024 * 1024),
        },
      });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.write('--x\r\n'); // and never the promised 50 MB
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>EntityTooLarge</Code>');
  });

  it('cuts off a streamed (chunked) body as soon as it passes the limit', async () => {
    const upload = await presign('image/jpeg', MAX);
    const boundary = 'streamboundary';
    const head = Object.entries(upload.fields)
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('');
    const answer = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      let stop = false;
      const request = httpRequest(url, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      });
      request.on('response', (response) => {
        stop = true;
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, sent }));
      });
      request.on('error', (error) => (stop ? undefined : reject(error)));
      request.write(
        `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.jpg"\r\n\r\n`,
      );
      const pump = () => {
        // Endless data: the server must answer after ~MAX bytes, never wait for the end.
        while (!stop && sent < 100 * MAX && request.write(Buffer.alloc(4096, 1))) sent += 4096;
        if (!stop && sent < 100 * MAX) request.once('drain', pump);
      };
      pump();
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>EntityTooLarge</Code>');
    expect(answer.sent).toBeLessThan(100 * MAX);
  });

  it('leaves nothing stored after any refusal, and emits no event for it', async () => {
    const before = await listFsBlobKeys(root);
    await post(await presign(), bytes(MAX + 1));
    await post(await presign('image/png'), bytes(5), (form) => form.set('Content-Type', 'text/html'));
    await post(await presign(), bytes(0));
    await post(await presign(), null);
    const expired = await presign();
    now += 600_000;
    await post(expired, bytes(5));
    expect(events).toEqual([]);
    expect(await listFsBlobKeys(root)).toEqual(before);
  });
  it('stores one object per policy: a second POST with it is refused, even racing or on another replica', async () => {
    const upload = await presign();
    const key = upload.fields.key ?? '';
    expect((await post(upload, bytes(100))).status).toBe(204);
    const again = await post(upload, new Uint8Array(50).fill(9));
    expect(again).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(again.text).toContain('Policy has already been used');
    expect((await blobs.get(key))?.size).toBe(100);
    expect(events).toHaveLength(1);

    // Two at once: exactly one wins.
    const raced = await presign();
    const answers = await Promise.all([post(raced, bytes(10)), post(raced, bytes(20))]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 403]);

    // Another replica on the same volume knows the policy was used.
    const other = await serveEndpoint(MAX_CONCURRENT);
    try {
      const shared = await presign();
      expect((await post(shared, bytes(10))).status).toBe(204);
      expect(await post(shared, bytes(10), undefined, other)).toMatchObject({
        status: 403,
        code: 'AccessDenied',
      });
    } finally {
      other.server.closeAllConnections();
      await new Promise((resolve) => other.server.close(resolve));
    }
    await blobs.delete([key]);
  });

  it('keeps a policy usable after a refused upload (the claim comes last)', async () => {
    const upload = await presign();
    expect(await post(upload, bytes(MAX + 1))).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    expect((await post(upload, bytes(10))).status).toBe(204);
  });

  it('receives a bounded number of uploads at once: more answer 503 SlowDown with Retry-After', async () => {
    const boundary = 'stalled';
    /** An upload whose file never finishes arriving. */
    const stall = async () => {
      const upload = await presign();
      const head = Object.entries(upload.fields)
        .map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        )
        .join('');
      const request = httpRequest(url, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      });
      request.on('error', () => {});
      request.write(
        `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.jpg"\r\n\r\n`,
      );
      request.write(Buffer.alloc(1000, 1));
      return request;
    };
    const stalled = [await stall(), await stall()];
    try {
      // Both are being received once the server has read their first bytes.
      await expect
        .poll(async () => (await post(await presign(), bytes(10))).status, { timeout: 5_000 })
        .toBe(503);
      const refused = await post(await presign(), bytes(10));
      expect(refused).toMatchObject({ status: 503, code: 'SlowDown' });
      expect(refused.headers.get('retry-after')).toBe('1');
    } finally {
      for (const request of stalled) request.destroy();
    }
    // Aborted uploads free their places.
    await expect
      .poll(async () => (await post(await presign(), bytes(10))).status, { timeout: 5_000 })
      .toBe(204);
  });
});
