import { execFileSync } from 'node:child_process';
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';

/** A browser's side of one subscription: its P-256 key pair and auth secret, as PushManager would make them. */
export interface TestBrowser {
  endpoint: string;
  /** What `PushSubscription.toJSON()` gives (the body of POST /api/me/push-subscriptions). */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Decrypted payloads, in arrival order. */
  received: ReceivedPush[];
  /** What the push service answers this browser's pushes: 201, or 410 once the user unsubscribed. */
  answer: number;
}

export interface ReceivedPush {
  payload: Record<string, unknown>;
  headers: { ttl: string | undefined; topic: string | undefined; urgency: string | undefined };
  /** The VAPID JWT's claims and the public key it was signed with (RFC 8292). */
  vapid: { publicKey: string; aud: unknown; sub: unknown };
}

export interface TestPushService {
  origin: string;
  /** Trusts the service's self-signed certificate (only it): the lab server's push agent. */
  agent: Agent;
  newBrowser(): TestBrowser;
  /** Resolves with the browser's next push (after `count` pushes in all). */
  waitFor(browser: TestBrowser, count: number, timeoutMs?: number): Promise<ReceivedPush>;
  close(): Promise<void>;
}

const hkdf = (salt: Buffer, ikm: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/**
 * RFC 8291 decryption of one aes128gcm body (RFC 8188) with the browser's private key and auth secret:
 * header salt(16) | rs(4) | idlen(1) | keyid (the sender's ephemeral public key), then one record.
 */
export function decryptAes128gcm(
  body: Buffer,
  browserKeys: ReturnType<typeof createECDH>,
  authSecret: Buffer,
) {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const ecdhSecret = browserKeys.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browserKeys.getPublicKey(), senderPublic]);
  const ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
  const key = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('not the last record of an aes128gcm body');
  return padded.subarray(0, end).toString('utf8');
}

async function verifyVapid(authorization: string | undefined) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match?.[1] || !match[2]) throw new Error(`no VAPID authorization: ${authorization}`);
  const [token, publicKey] = [match[1], match[2]];
  const point = Buffer.from(publicKey, 'base64url');
  const key = await importJWK(
    {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    'ES256',
  );
  if (decodeProtectedHeader(token).alg !== 'ES256') throw new Error('VAPID JWT is not ES256');
  const { payload } = await jwtVerify(token, key);
  return { publicKey, aud: payload.aud, sub: payload.sub };
}

/**
 * A push service on 127.0.0.1 (HTTPS with a throwaway self-signed certificate): it checks the VAPID signature
 * and decrypts each push with the browser's own keys, as a browser would, and answers 201 (or the browser's
 * `answer`, e.g. 410 once it unsubscribed).
 */
export async function startTestPushService(options: { decrypt?: boolean } = {}): Promise<TestPushService> {
  const decrypt = options.decrypt ?? true;
  const dir = mkdtempSync(join(tmpdir(), 'push-service-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'));
  const key = readFileSync(join(dir, 'key.pem'));
  rmSync(dir, { recursive: true, force: true });

  const browsers = new Map<
    string,
    { browser: TestBrowser; keys: ReturnType<typeof createECDH>; auth: Buffer }
  >();
  const waiters: (() => void)[] = [];
  const server: Server = createServer({ cert, key }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const entry = browsers.get(request.url ?? '');
        if (!entry || request.method !== 'POST') {
          response.writeHead(404).end();
          return;
        }
        if (entry.browser.answer !== 201) {
          response.writeHead(entry.browser.answer).end();
          return;
        }
        if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
        // Without `decrypt` (benchmarks) the push is only counted: its cost is the app's, not this stand-in's.
        const vapid = decrypt
          ? await verifyVapid(request.headers.authorization)
          : { publicKey: '', aud: undefined, sub: undefined };
        const text = decrypt ? decryptAes128gcm(Buffer.concat(chunks), entry.keys, entry.auth) : '{}';
        entry.browser.received.push({
          payload: JSON.parse(text) as Record<string, unknown>,
          headers: {
            ttl: request.headers.ttl as string | undefined,
            topic: request.headers.topic as string | undefined,
            urgency: request.headers.urgency as string | undefined,
          },
          vapid,
        });
        response.writeHead(201).end();
        for (const wake of waiters.splice(0)) wake();
      })().catch((error: unknown) => {
        response.writeHead(400).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    agent: new Agent({ ca: cert, keepAlive: true }),
    newBrowser() {
      const keys = createECDH('prime256v1');
      keys.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${randomBytes(12).toString('base64url')}`;
      const endpoint = `${origin}${path}`;
      const browser: TestBrowser = {
        endpoint,
        subscription: {
          endpoint,
          keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
        received: [],
        answer: 201,
      };
      browsers.set(path, { browser, keys, auth });
      return browser;
    },
    async waitFor(browser, count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (browser.received.length < count) {
        if (Date.now() > deadline) throw new Error(`no push #${count} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return browser.received[count - 1] as ReceivedPush;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
