import { decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../src/runtime/access-token-keys';
import { resetDeps } from '../../src/runtime/aws/deps';
import { startLambdaApi } from '../lambda/lambda-harness';
import { lambdaTargets } from '../lambda/lambda-target';
import { ApiSession, errorCode, uniqueEmail } from '../support/api-session';
import { startFakeSecretsManager } from '../support/fake-secrets-manager';
import { startTestServer, type TestServer } from '../support/lab-server';
import type { RunningApi } from './api-targets';

/**
 * Rotating the access token key, as an API user sees it, in both worlds: the lab runtime with the keys the
 * Helm chart gives it (JWT_SECRET and JWT_PREVIOUS_SECRET), and Lambda mode reading the key set from Secrets
 * Manager (a local endpoint). A token of the previous key still works; one of a removed key, of an unknown
 * kid or naming no kid gets 401. (The DATA_DIR rotation of `npm start` has its own test in test/lab.)
 */
const A = 'key-A-rotated-away-0123456789abcdefghijklmnop';
const B = 'key-B-previous-0123456789abcdefghijklmnopqrstu';
const C = 'key-C-current-0123456789abcdefghijklmnopqrstuv';
const encode = (secret: string) => new TextEncoder().encode(secret);

/** A token as the server would sign it with `secret`, naming `kid` (the secret's own unless given; null: none). */
const tokenOf = (userId: string, secret: string, kid: string | null = keyIdOf(secret)) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: 'rotation-test', sub: userId, iss: 'dating-app', aud: 'dating-app' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(kid === null ? {} : { kid }) })
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(encode(secret));
};

async function expectKeySet(
  api: Pick<RunningApi, 'url' | 'fetch'>,
  keys: { current: string; previous: string; removed: string },
) {
  const user = new ApiSession(api.url, api.fetch);
  expect((await user.register(uniqueEmail('rotation'))).status).toBe(201);
  const userId = user.userId as string;
  const me = (token: string) => user.call('GET', '/api/me', { token });
  const refused = async (token: string) => {
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('unauthorized');
  };

  // New tokens are signed with the current key and name it.
  expect(decodeProtectedHeader(user.accessToken as string)).toEqual({
    alg: 'HS256',
    typ: 'JWT',
    kid: keyIdOf(keys.current),
  });
  expect((await me(user.accessToken as string)).status).toBe(200);
  // The previous key still verifies until its tokens expire.
  expect((await me(await tokenOf(userId, keys.previous))).status).toBe(200);
  // A removed key, an unknown kid, no kid, a key under another key's kid: 401.
  await refused(await tokenOf(userId, keys.removed));
  await refused(await tokenOf(userId, keys.current, 'unknown-kid-0000'));
  await refused(await tokenOf(userId, keys.current, null));
  await refused(await tokenOf(userId, keys.removed, keyIdOf(keys.previous)));
  return { user, userId };
}

describe('access token key rotation (lab runtime, keys from JWT_SECRET and JWT_PREVIOUS_SECRET)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { JWT_SECRET: C, JWT_PREVIOUS_SECRET: B } });
  }, 120_000);
  afterAll(() => server?.close());

  it('accepts the previous key and refuses a removed one', async () => {
    const api = { url: server.url, fetch: (input: string, init: RequestInit) => fetch(input, init) };
    await expectKeySet(api, { current: C, previous: B, removed: A });
  });
});

describe.each(lambdaTargets().length > 0 ? ['Lambda mode, DynamoDB Local'] : [])(
  'access token key rotation (%s, key set in Secrets Manager)',
  () => {
    const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dating-jwt-AbCdEf';
    let secrets: Awaited<ReturnType<typeof startFakeSecretsManager>>;
    let api: Awaited<ReturnType<typeof startLambdaApi>>;

    beforeAll(async () => {
      secrets = await startFakeSecretsManager();
      secrets.put(ARN, JSON.stringify({ current: B, previous: A }));
      api = await startLambdaApi({
        env: {
          JWT_SECRET: undefined,
          JWT_SECRET_ARN: ARN,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
        },
      });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await secrets?.close();
    });

    it('keeps sessions across a rotation: previous key valid, removed key 401, unknown kid 401', async () => {
      const before = await expectKeySet(api, { current: B, previous: A, removed: C });
      const tokenOfB = before.user.accessToken as string;

      // The documented rotation: C becomes current, B previous, A is dropped. A function reads the secret
      // again within JWT_KEYS_TTL_SECONDS; a cold start (what resetDeps simulates) reads it at once.
      secrets.put(ARN, JSON.stringify({ current: C, previous: B }));
      await resetDeps();
      const session = new ApiSession(api.url, api.fetch);
      expect((await session.call('GET', '/api/me', { token: tokenOfB })).status).toBe(200);
      await expectKeySet(api, { current: C, previous: B, removed: A });
      expect((await session.call('GET', '/api/me', { token: await tokenOf(before.userId, A) })).status).toBe(
        401,
      );
    });
  },
);
