import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../src/runtime/access-token-keys';
import { AwsConfigError } from '../../src/runtime/aws/config';
import {
  JWT_KEYS_RETRY_SECONDS,
  JWT_KEYS_TTL_SECONDS,
  loadJwtKeys,
  refreshedJwtKeys,
  secretsManagerReader,
} from '../../src/runtime/aws/jwt-secret';
import { startFakeSecretsManager } from '../support/fake-secrets-manager';

/**
 * The Lambda functions' access token keys: the key set JSON in Secrets Manager, read through the SDK client
 * (here from a local Secrets Manager endpoint), and read again by warm functions once it is older than
 * JWT_KEYS_TTL_SECONDS, which is how a rotation reaches them.
 */
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dating-jwt-AbCdEf';
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe('JWT key set from Secrets Manager', () => {
  let secrets: Awaited<ReturnType<typeof startFakeSecretsManager>>;
  let read: ReturnType<typeof secretsManagerReader>;

  beforeAll(async () => {
    secrets = await startFakeSecretsManager();
    read = secretsManagerReader({
      env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint },
      clientConfig: { credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } },
    });
  });
  afterAll(() => secrets.close());

  const load = () => loadJwtKeys({ jwtSecretArn: ARN }, read);
  const kids = (keys: Awaited<ReturnType<typeof load>>) => [keys.current.kid, keys.previous?.kid];

  it('reads the current and previous keys, each named by its thumbprint', async () => {
    secrets.put(ARN, JSON.stringify({ current: B, previous: A }));
    const keys = await load();
    expect(kids(keys)).toEqual([keyIdOf(B), keyIdOf(A)]);
    expect(new TextDecoder().decode(keys.current.secret)).toBe(B);
  });

  it('reads the bare key the stack generates as the current key alone', async () => {
    secrets.put(ARN, `${A}\n`);
    expect(kids(await load())).toEqual([keyIdOf(A), undefined]);
  });

  it('retries a throttled read (ThrottlingException) and gets the key set', async () => {
    secrets.put(ARN, JSON.stringify({ current: B, previous: A }));
    const before = secrets.calls.length;
    secrets.throttle(1);
    expect(kids(await load())).toEqual([keyIdOf(B), keyIdOf(A)]);
    expect(secrets.calls.length - before).toBe(2);
  });

  it.each([
    ['{"current":"short"}', 'holds a current key shorter than 32 characters'],
    [`{"current":"${A}","previous":7}`, 'has a "previous" key that is not a string'],
    [`{"current":"${A}"`, 'is not valid JSON'],
    ['short', 'holds a current key shorter than 32 characters'],
  ])('refuses a secret holding %j, naming the secret and never the value', async (value, message) => {
    secrets.put(ARN, value);
    const error = await load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsConfigError);
    expect((error as Error).message).toBe(`The JWT secret ${ARN} ${message}`);
    expect((error as Error).message).not.toContain(A);
  });

  it('fails with the service error for a missing secret', async () => {
    await expect(loadJwtKeys({ jwtSecretArn: `${ARN}-missing` }, read)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('reaches warm functions within the TTL after a rotation, and keeps the last keys when a read fails', async () => {
    secrets.put(ARN, JSON.stringify({ current: A }));
    let now = 1_000_000;
    const errors: unknown[] = [];
    const keys = refreshedJwtKeys(await load(), {
      load,
      now: () => now,
      onRefreshError: (error) => errors.push(error),
    });
    const first = await keys();
    expect(kids(first)).toEqual([keyIdOf(A), undefined]);

    // The operator rotates: B signs, A still verifies. Until the TTL is over, the warm function keeps A.
    secrets.put(ARN, JSON.stringify({ current: B, previous: A }));
    const calls = secrets.calls.length;
    now += JWT_KEYS_TTL_SECONDS * 1000 - 1;
    expect(await keys()).toBe(first);
    expect(secrets.calls.length).toBe(calls);
    now += 1;
    const rotated = await keys();
    expect(kids(rotated)).toEqual([keyIdOf(B), keyIdOf(A)]);
    expect(secrets.calls.length).toBe(calls + 1);

    // An unchanged secret keeps the same key set object.
    now += JWT_KEYS_TTL_SECONDS * 1000;
    expect(await keys()).toBe(rotated);

    // Secrets Manager refuses (here: the secret is gone): the last keys stay, retried 30 s later.
    secrets.put(ARN, 'short');
    now += JWT_KEYS_TTL_SECONDS * 1000;
    expect(await keys()).toBe(rotated);
    expect(errors).toHaveLength(1);
    secrets.put(ARN, JSON.stringify({ current: C, previous: B }));
    now += JWT_KEYS_RETRY_SECONDS * 1000 - 1;
    expect(await keys()).toBe(rotated);
    now += 1;
    expect(kids(await keys())).toEqual([keyIdOf(C), keyIdOf(B)]);
  });
});
