import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listFsBlobKeys } from '../../src/adapters/fs/fs-blob-store';
import { photoObjectKeys } from '../../src/domain/photos';
import { ApiSession, aProfileInput, errorCode, uniqueEmail } from '../support/api-session';
import {
  cameraJpeg,
  containsText,
  GPS,
  htmlRenamedJpg,
  metadataLeft,
  pixelBombPng,
  plainPng,
  svgRenamedJpg,
  truncatedJpeg,
} from '../support/images';
import { rawRequest, startTestServer, type TestServer } from '../support/lab-server';
import {
  completeUpload,
  type PhotoView,
  postUploadForm,
  type StartedUpload,
  startUpload,
  waitForProcessed,
} from '../support/photo-upload';
import { labBlobsEnv, type RunningS3rver, startS3rver, useS3rverCredentials } from '../support/s3rver';
import { awsAdapterLabWorlds } from './api-targets';

interface PhotoWorld {
  name: string;
  /** BLOBS=s3: the browser posts to the S3-compatible store and then calls /complete. */
  completes: boolean;
  /** The emulated endpoint enforces policies; s3rver (the S3 stand-in here) does not, real S3 does. */
  enforcesPolicy: boolean;
  start(): Promise<{ server: TestServer; stop(): Promise<void>; fsRoot: string | null }>;
}

/** the default photo rate limits (domain/rate-limit-rules.ts) (30 starts per hour); registrations from the one test IP are not what is tested. */
const RATE_LIMITS = JSON.stringify({
  registerPerIp: { limit: 100_000, windowSeconds: 3600 },
  loginPerIp: { limit: 100_000, windowSeconds: 900 },
});

const worlds: PhotoWorld[] = [
  {
    name: 'lab runtime, PGlite, BLOBS=fs (emulated presigned POST + S3 event)',
    completes: false,
    enforcesPolicy: true,
    async start() {
      const dataDir = await mkdtemp(join(tmpdir(), 'photos-api-'));
      const server = await startTestServer({ env: { DATA_DIR: dataDir, BLOBS: 'fs', RATE_LIMITS } });
      return {
        server,
        fsRoot: join(dataDir, 'blobs'),
        stop: async () => {
          await server.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'lab runtime, PGlite, BLOBS=s3 (s3rver, processed on /complete)',
    completes: true,
    enforcesPolicy: false,
    async start() {
      const s3: RunningS3rver = await startS3rver('lab-photos');
      const restoreCredentials = useS3rverCredentials();
      try {
        const server = await startTestServer({ env: { ...labBlobsEnv(s3), RATE_LIMITS } });
        return {
          server,
          fsRoot: null,
          stop: async () => {
            await server.close();
            await s3.stop();
            restoreCredentials();
          },
        };
      } catch (error) {
        await s3.stop();
        restoreCredentials();
        throw error;
      }
    },
  },
  // The lab on the AWS adapters (where DynamoDB Local runs): photo records in DynamoDB, objects in s3rver.
  ...awsAdapterLabWorlds.map(
    (world): PhotoWorld => ({
      name: `${world.name}, processed on /complete`,
      completes: true,
      enforcesPolicy: false,
      async start() {
        const server = await world.start({ env: { RATE_LIMITS } });
        return { server, fsRoot: null, stop: () => server.close() };
      },
    }),
  ),
];

describe.each(worlds)('photos API: $name', (world) => {
  // Policy enforcement is tested where a policy check runs (the lab's emulated endpoint; S3 itself); in the
  // s3rver world these tests do not exist rather than showing up as skipped. The policy conditions we send to
  // S3 are unit-tested in test/blobs.
  const itWherePoliciesAreEnforced = (name: string, test: () => Promise<void>) => {
    if (world.enforcesPolicy) it(name, test);
  };
  let server: TestServer;
  let stop: () => Promise<void>;
  let fsRoot: string | null;

  beforeAll(async () => {
    ({ server, stop, fsRoot } = await world.start());
  }, 60_000);
  afterAll(async () => {
    await stop?.();
  });

  const newUser = async (withProfile = true) => {
    const user = new ApiSession(server.url);
    expect((await user.register(uniqueEmail('photos'))).status).toBe(201);
    if (withProfile)
      expect((await user.call('PUT', '/api/profile', { body: aProfileInput() })).status).toBe(201);
    return user;
  };

  /** Upload as the SPA does in this world: the presigned POST, then `/complete`. */
  const upload = async (user: ApiSession, file: Uint8Array, contentType = 'image/jpeg') => {
    const started = await startUpload(user, contentType, file.byteLength);
    const answer = await postUploadForm(server.url, started.upload, file);
    expect(answer.status, answer.text).toBe(204);
    const completed = await completeUpload(user, started.photo.id);
    if (world.completes) expect(completed.status).not.toBe('pending');
    return { started, photo: await waitForProcessed(user, started.photo.id) };
  };

  /** The media token in a rendition URL (`/media/<token>/<size>.webp`). */
  const tokenIn = (url: string | undefined) => {
    const token = /^\/media\/([0-9a-f]{32})\/(?:256|1080)\.webp$/.exec(url ?? '')?.[1];
    if (!token) throw new Error(`not a tokenized rendition URL: ${url}`);
    return token;
  };

  /**
   * Every object this photo could own that still exists (upload and renditions). The renditions are named by
   * the photo's media token: the one given, else the stored one (legacy keys when neither exists).
   */
  const objectsOf = async (user: ApiSession, photoId: string, mediaToken?: string) => {
    const userId = user.userId ?? '';
    const stored = await server.deps.store.photos.get(userId, photoId);
    const present: string[] = [];
    for (const key of photoObjectKeys({
      userId,
      id: photoId,
      mediaToken: mediaToken ?? stored?.mediaToken ?? null,
    })) {
      if (await server.deps.blobs.head(key)) present.push(key);
    }
    return present;
  };

  /**
   * Everything on disk (BLOBS=fs), temp files included, under the user's upload prefix or the media token of
   * any photo the user holds or held (`mediaTokens`): nothing may linger.
   */
  const filesOf = async (user: ApiSession, ...mediaTokens: string[]) => {
    if (!fsRoot) return [];
    const held = (await server.deps.store.photos.listByUser(user.userId ?? '')).flatMap((photo) =>
      photo.mediaToken ? [photo.mediaToken] : [],
    );
    const names = [user.userId ?? '-', ...held, ...mediaTokens];
    return (await listFsBlobKeys(fsRoot)).filter((key) => names.some((name) => key.includes(name)));
  };

  const fetchMedia = async (path: string) => {
    const response = await fetch(new URL(path, server.url));
    return { response, body: new Uint8Array(await response.arrayBuffer()) };
  };

  it('turns a camera JPEG (EXIF GPS, orientation 6) into clean, upright WebP renditions', async () => {
    const user = await newUser();
    const original = await cameraJpeg(1600, 1200);
    // The fixture really carries what must go: GPS position, camera, XMP, ICC, orientation.
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(6);
    expect(exifReader(before.exif ?? Buffer.alloc(0)).GPSInfo?.GPSLatitude).toEqual([...GPS.latitude]);

    const { started, photo } = await upload(user, original);
    // The URLs name a random media token: neither the owner nor the photo can be read from them.
    const token = tokenIn(photo.urls?.thumb);
    expect(photo).toEqual({
      id: started.photo.id,
      status: 'ready',
      urls: { thumb: `/media/${token}/256.webp`, display: `/media/${token}/1080.webp` },
      createdAt: started.photo.createdAt,
    });
    for (const url of [photo.urls?.thumb, photo.urls?.display]) {
      expect(url).not.toContain(user.userId);
      expect(url).not.toContain(started.photo.id);
    }

    for (const [url, width, height] of [
      [photo.urls?.thumb ?? '', 192, 256],
      [photo.urls?.display ?? '', 810, 1080],
    ] as const) {
      const { response, body } = await fetchMedia(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/webp');
      // Cacheable for a minute only: a deleted photo must stop being served within 60 s.
      expect(response.headers.get('cache-control')).toBe('public, max-age=60');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // 1600 x 1200 stored, orientation 6: upright it is portrait, so the dimensions are swapped.
      expect(await metadataLeft(body)).toEqual({
        format: 'webp',
        width,
        height,
        exif: false,
        xmp: false,
        iptc: false,
        icc: false,
        orientation: undefined,
      });
      for (const leak of ['TestCam', 'Leaky 3000', 'Private Person'])
        expect(containsText(body, leak)).toBe(false);
    }
    // The original is gone; only the renditions remain.
    expect(await objectsOf(user, started.photo.id)).toEqual([
      `media/${token}/256.webp`,
      `media/${token}/1080.webp`,
    ]);
  });

  it('shows ready photos in the own profile and in the public profile', async () => {
    const owner = await newUser();
    // Someone discovery shows the owner to (the public profile answers only them and matches).
    const viewer = await newUser(false);
    const viewerProfile = aProfileInput({ gender: 'man', interestedIn: ['woman'] });
    expect((await viewer.call('PUT', '/api/profile', { body: viewerProfile })).status).toBe(201);
    const { photo } = await upload(owner, await plainPng(600, 400), 'image/png');
    const pending = await startUpload(owner, 'image/jpeg', 1000);
    const own = await owner.call<{ photos: PhotoView[] }>('GET', '/api/profile');
    expect(own.body.photos.map((item) => [item.id, item.status])).toEqual([
      [photo.id, 'ready'],
      [pending.photo.id, 'pending'],
    ]);
    const seen = await viewer.call<{ photos: unknown[] }>('GET', `/api/profiles/${owner.userId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.photos).toEqual([{ id: photo.id, urls: photo.urls }]);
  });

  it('refuses a declared size over 10 MB (413) and any type but JPEG, PNG and WebP (400)', async () => {
    const user = await newUser(false);
    const big = await user.call('POST', '/api/photos', {
      body: { contentType: 'image/jpeg', size: 10 * 1024 * 1024 + 1 },
    });
    expect([big.status, errorCode(big)]).toEqual([413, 'payload_too_large']);
    for (const contentType of ['image/gif', 'text/html', 'image/svg+xml', 'image/jpeg; charset=utf-8']) {
      const refused = await user.call('POST', '/api/photos', { body: { contentType, size: 1000 } });
      expect([refused.status, errorCode(refused)]).toEqual([400, 'validation_failed']);
    }
    const extra = await user.call('POST', '/api/photos', {
      body: { contentType: 'image/png', size: 10, key: 'x' },
    });
    expect(extra.status).toBe(400);
    expect((await user.call<{ items: unknown[] }>('GET', '/api/photos')).body.items).toEqual([]);
    expect(await filesOf(user)).toEqual([]);
  });

  it.each([
    ['HTML renamed .jpg', htmlRenamedJpg, 'unsupported_type'],
    ['SVG renamed .jpg', svgRenamedJpg, 'unsupported_type'],
    ['a truncated JPEG', truncatedJpeg, 'corrupt_image'],
    ['a pixel bomb (PNG declaring 20000 x 20000)', () => pixelBombPng(20_000), 'too_many_pixels'],
  ] as const)('rejects %s with a reason and keeps nothing of it', async (_name, make, reason) => {
    const user = await newUser();
    const { started, photo } = await upload(user, await make());
    expect(photo).toEqual({
      id: started.photo.id,
      status: 'rejected',
      rejectReason: reason,
      createdAt: started.photo.createdAt,
    });
    expect(await objectsOf(user, started.photo.id)).toEqual([]);
    expect(await filesOf(user)).toEqual([]);
    const media = await fetchMedia(`/media/${user.userId}/${started.photo.id}/256.webp`);
    expect(media.response.status).toBe(404);
    // A rejected photo does not count against the limit.
    expect(
      (await user.call('POST', '/api/photos', { body: { contentType: 'image/png', size: 10 } })).status,
    ).toBe(201);
  });

  it('refuses an upload bigger than the policy allows and stores nothing', async () => {
    const user = await newUser();
    const started = await startUpload(user, 'image/jpeg', 1000);
    const tooBig = new Uint8Array(10 * 1024 * 1024 + 1);
    tooBig.set([0xff, 0xd8, 0xff], 0);
    const answer = await postUploadForm(server.url, started.upload, tooBig);
    if (world.enforcesPolicy) {
      expect([answer.status, answer.code]).toEqual([400, 'EntityTooLarge']);
      expect(await objectsOf(user, started.photo.id)).toEqual([]);
    } else {
      // s3rver accepts what S3 would refuse (see the policy unit tests); the processor still refuses it.
      expect(answer.status).toBe(204);
      const completed = await user.call<{ photo: PhotoView }>(
        'POST',
        `/api/photos/${started.photo.id}/complete`,
      );
      expect(completed.body.photo).toMatchObject({ status: 'rejected', rejectReason: 'too_large' });
      expect(await objectsOf(user, started.photo.id)).toEqual([]);
    }
    expect(await filesOf(user)).toEqual([]);
  });

  itWherePoliciesAreEnforced(
    'refuses a tampered policy, another key or content type, and stores nothing',
    async () => {
      const user = await newUser();
      const started: StartedUpload = await startUpload(user, 'image/jpeg', 1000);
      const file = await cameraJpeg(64, 48);
      const { fields } = started.upload;
      const policy = JSON.parse(Buffer.from(fields.Policy ?? '', 'base64').toString('utf8'));
      policy.conditions = policy.conditions.map((condition: unknown) =>
        Array.isArray(condition) ? ['content-length-range', 1, 1e12] : condition,
      );
      const tampered = { ...fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') };
      const attempts: [Record<string, string>, number, string][] = [
        [tampered, 403, 'SignatureDoesNotMatch'],
        [{ ...fields, 'X-Lab-Signature': '0'.repeat(64) }, 403, 'SignatureDoesNotMatch'],
        [{ ...fields, 'Content-Type': 'image/png' }, 403, 'AccessDenied'],
        [{ ...fields, key: `uploads/${user.userId}/01J00000000000000000000000` }, 403, 'AccessDenied'],
      ];
      for (const [attempt, status, code] of attempts) {
        const answer = await postUploadForm(server.url, started.upload, file, { fields: attempt });
        expect([answer.status, answer.code]).toEqual([status, code]);
      }
      expect(await filesOf(user)).toEqual([]);
    },
  );

  itWherePoliciesAreEnforced('refuses an expired policy and stores nothing', async () => {
    const user = await newUser();
    const started = await startUpload(user, 'image/jpeg', 1000);
    const policy = JSON.parse(Buffer.from(started.upload.fields.Policy ?? '', 'base64').toString('utf8'));
    const lifetime = Date.parse(policy.expiration) - Date.parse(started.photo.createdAt);
    expect(lifetime).toBeGreaterThanOrEqual(300_000);
    expect(lifetime).toBeLessThan(301_000);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(policy.expiration) + 1_000 });
    try {
      const answer = await postUploadForm(server.url, started.upload, await cameraJpeg(64, 48));
      expect([answer.status, answer.code]).toEqual([403, 'AccessDenied']);
      expect(answer.text).toContain('Policy expired');
    } finally {
      vi.useRealTimers();
    }
    expect(await filesOf(user)).toEqual([]);
  });

  it('allows six photos and refuses the seventh (409 photo_limit) without storing anything', async () => {
    const user = await newUser(false);
    const starts = await Promise.all(
      Array.from({ length: 8 }, () =>
        user.call('POST', '/api/photos', { body: { contentType: 'image/png', size: 100 } }),
      ),
    );
    expect(starts.map((response) => response.status).sort()).toEqual([
      201, 201, 201, 201, 201, 201, 409, 409,
    ]);
    const refused = starts.find((response) => response.status === 409);
    if (refused) expect(errorCode(refused)).toBe('photo_limit');
    expect((await user.call<{ items: unknown[] }>('GET', '/api/photos')).body.items).toHaveLength(6);
    expect(await filesOf(user)).toEqual([]);
  });

  it('limits upload starts to 30 per user and hour (429 with Retry-After)', async () => {
    const user = await newUser(false);
    const statuses: number[] = [];
    for (let index = 0; index < 30; index += 1) {
      statuses.push(
        (await user.call('POST', '/api/photos', { body: { contentType: 'image/png', size: 10 } })).status,
      );
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(6);
    expect(statuses.filter((status) => status === 409)).toHaveLength(24);
    const limited = await user.call('POST', '/api/photos', { body: { contentType: 'image/png', size: 10 } });
    expect([limited.status, errorCode(limited)]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('reorders ready photos (first is primary) and refuses anything but exactly the ready set', async () => {
    const user = await newUser();
    const first = (await upload(user, await plainPng(300, 200), 'image/png')).photo;
    const second = (await upload(user, await plainPng(200, 300), 'image/png')).photo;
    const pending = await startUpload(user, 'image/png', 10);
    const reordered = await user.call<{ items: PhotoView[] }>('PUT', '/api/photos/order', {
      body: { photoIds: [second.id, first.id] },
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.items.map((photo) => photo.id)).toEqual([second.id, first.id, pending.photo.id]);
    const profile = await user.call<{ photos: PhotoView[] }>('GET', '/api/profile');
    expect(profile.body.photos.map((photo) => photo.id)).toEqual([second.id, first.id, pending.photo.id]);
    for (const photoIds of [[first.id], [first.id, second.id, pending.photo.id], [first.id, first.id]]) {
      const refused = await user.call('PUT', '/api/photos/order', { body: { photoIds } });
      expect([refused.status, errorCode(refused)]).toEqual([409, 'conflict']);
    }
  });

  it('deletes a photo with its objects; others cannot touch it', async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const { photo } = await upload(owner, await plainPng(300, 300), 'image/png');
    for (const [method, path] of [
      ['DELETE', `/api/photos/${photo.id}`],
      ['POST', `/api/photos/${photo.id}/complete`],
    ]) {
      const answer = await stranger.call(method ?? 'GET', path ?? '/');
      expect([answer.status, errorCode(answer)]).toEqual([404, 'not_found']);
    }
    expect((await fetchMedia(photo.urls?.thumb ?? '')).response.status).toBe(200);
    expect((await owner.call('DELETE', `/api/photos/${photo.id}`)).status).toBe(204);
    expect((await fetchMedia(photo.urls?.thumb ?? '')).response.status).toBe(404);
    expect((await fetchMedia(photo.urls?.display ?? '')).response.status).toBe(404);
    const token = tokenIn(photo.urls?.thumb);
    expect(await objectsOf(owner, photo.id, token)).toEqual([]);
    expect(await filesOf(owner, token)).toEqual([]);
    expect((await owner.call('DELETE', `/api/photos/${photo.id}`)).status).toBe(404);
    expect((await owner.call<{ items: unknown[] }>('GET', '/api/photos')).body.items).toEqual([]);
  });

  it("re-keys the blocker's photos on a block: the URLs the blocked user holds answer 404, new ones work", async () => {
    const owner = await newUser();
    const blocked = await newUser();
    const { photo } = await upload(owner, await plainPng(300, 200), 'image/png');
    const before = { thumb: await fetchMedia(photo.urls?.thumb ?? ''), token: tokenIn(photo.urls?.thumb) };
    expect(before.thumb.response.status).toBe(200);

    const block = await owner.call('POST', '/api/blocks', { body: { userId: blocked.userId } });
    expect(block.status, block.text).toBe(204);

    // What anyone learnt before the block (the blocked user included) no longer answers, from the origin.
    for (const url of [photo.urls?.thumb ?? '', photo.urls?.display ?? '']) {
      expect([url, (await fetchMedia(url)).response.status]).toEqual([url, 404]);
    }
    expect(await objectsOf(owner, photo.id, before.token)).toEqual([]);
    // The photo itself is unchanged: same id and image, under a new token.
    const [now] = (await owner.call<{ items: PhotoView[] }>('GET', '/api/photos')).body.items;
    const token = tokenIn(now?.urls?.thumb);
    expect(token).not.toBe(before.token);
    expect(now).toEqual({
      ...photo,
      urls: { thumb: `/media/${token}/256.webp`, display: `/media/${token}/1080.webp` },
    });
    const after = await fetchMedia(now?.urls?.thumb ?? '');
    expect([after.response.status, after.response.headers.get('cache-control')]).toEqual([
      200,
      'public, max-age=60',
    ]);
    expect(after.body).toEqual(before.thumb.body);
    expect(await objectsOf(owner, photo.id, token)).toEqual([
      `media/${token}/256.webp`,
      `media/${token}/1080.webp`,
    ]);
    // On disk (BLOBS=fs), nothing but the new renditions: no copy under the old token, no temp file.
    if (fsRoot) {
      expect((await filesOf(owner, before.token)).sort()).toEqual(
        [`media/${token}/1080.webp`, `media/${token}/256.webp`].sort(),
      );
    }
  });

  it('erasing the account makes its renditions answer 404 and leaves no object behind', async () => {
    const owner = await newUser();
    const { photo } = await upload(owner, await plainPng(200, 200), 'image/png');
    const token = tokenIn(photo.urls?.thumb);
    expect((await fetchMedia(photo.urls?.display ?? '')).response.status).toBe(200);
    const erased = await owner.call('DELETE', '/api/me', {
      body: { password: 'correct horse battery staple' },
    });
    expect(erased.status, erased.text).toBe(204);
    for (const url of [photo.urls?.thumb ?? '', photo.urls?.display ?? '']) {
      expect([url, (await fetchMedia(url)).response.status]).toEqual([url, 404]);
    }
    expect(await objectsOf(owner, photo.id, token)).toEqual([]);
    expect(await filesOf(owner, token)).toEqual([]);
  });

  it('answers /complete idempotently, and 409 before the upload arrived when it must process', async () => {
    const user = await newUser();
    const started = await startUpload(user, 'image/png', 100);
    const early = await user.call<{ photo: PhotoView }>('POST', `/api/photos/${started.photo.id}/complete`);
    if (world.completes) expect([early.status, errorCode(early)]).toEqual([409, 'conflict']);
    else expect([early.status, early.body.photo.status]).toEqual([200, 'pending']);
    expect((await postUploadForm(server.url, started.upload, await plainPng(10, 10))).status).toBe(204);
    if (world.completes) {
      const processed = await user.call<{ photo: PhotoView }>(
        'POST',
        `/api/photos/${started.photo.id}/complete`,
      );
      expect([processed.status, processed.body.photo.status]).toEqual([200, 'ready']);
    }
    const photo = await waitForProcessed(user, started.photo.id);
    expect(photo.status).toBe('ready');
    for (let index = 0; index < 2; index += 1) {
      const again = await user.call<{ photo: PhotoView }>('POST', `/api/photos/${started.photo.id}/complete`);
      expect([again.status, again.body.photo]).toEqual([200, photo]);
    }
  });

  it('serves /media only for rendition keys: no uploads, no traversal, no listings, no writes', async () => {
    const user = await newUser();
    const { photo } = await upload(user, await plainPng(100, 100), 'image/png');
    const pending = await startUpload(user, 'image/png', 100);
    expect((await postUploadForm(server.url, pending.upload, await plainPng(10, 10))).status).toBe(204);
    const base = `/media/${tokenIn(photo.urls?.thumb)}`;
    for (const path of [
      base,
      `${base}/`,
      `/media/${user.userId}/${photo.id}`,
      `/media/${user.userId}/${photo.id}/256.webp`,
      `/media/${tokenIn(photo.urls?.thumb).toUpperCase()}/256.webp`,
      `/media/${user.userId}/`,
      '/media/',
      '/media',
      `${base}/256.webp/`,
      `${base}/512.webp`,
      `${base}/256.png`,
      `${base}/%32%35%36.webp`,
      `/media/../uploads/${user.userId}/${pending.photo.id}`,
      `/media/%2e%2e/uploads/${user.userId}/${pending.photo.id}`,
      `/media/..%2fuploads/${user.userId}/${pending.photo.id}`,
      `/uploads/${user.userId}/${pending.photo.id}`,
      `${base}/..%2f..%2f..%2f..%2fetc%2fpasswd`,
      `${base}/..%5c256.webp`,
    ]) {
      const answer = await rawRequest(server.url, path);
      // /uploads/* is the emulated S3 POST endpoint (BLOBS=fs), which answers GET like S3: 405.
      expect([path, answer.status]).toEqual([
        path,
        path.startsWith('/uploads') && !world.completes ? 405 : 404,
      ]);
    }
    const post = await rawRequest(server.url, `${base}/256.webp`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    const head = await rawRequest(server.url, `${base}/256.webp`, { method: 'HEAD' });
    expect([head.status, head.headers['content-type'], head.body]).toEqual([200, 'image/webp', '']);
    const first = await fetch(new URL(`${base}/256.webp`, server.url));
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const revalidated = await fetch(new URL(`${base}/256.webp`, server.url), {
      headers: { 'if-none-match': etag },
    });
    expect(revalidated.status).toBe(304);
  });
});
