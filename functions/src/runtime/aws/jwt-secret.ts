import {
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { configuredEndpoint } from '../../adapters/aws/endpoints';
import type { AccessTokenKeySet } from '../../services/deps';
import { accessTokenKeySet, type JwtSecrets, parseJwtSecrets, sameKeys } from '../access-token-keys';
import { AwsConfigError } from './config';

export type SecretReader = (secretId: string) => Promise<string | undefined>;

export interface SecretsManagerReaderOptions {
  /** Where AWS_REGION and the SDK's endpoint variables are read (default: the process environment). */
  env?: Record<string, string | undefined>;
  /** Credentials and retries (tests point the client at a local endpoint). */
  clientConfig?: Pick<SecretsManagerClientConfig, 'credentials' | 'maxAttempts' | 'retryStrategy'>;
}

/**
 * Each Secrets Manager call is bounded: no connection within 1 s or no answer within 3 s is a failed
 * attempt, and the SDK's standard retries (throttling, 5xx, network errors, with its clock-skew correction)
 * make 3 attempts in all.
 */
const CLIENT_DEFAULTS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
} satisfies Partial<SecretsManagerClientConfig>;

/**
 * GetSecretValue through the Secrets Manager SDK client, one client per region, created on first use and
 * kept (the JWT key set is read again every JWT_KEYS_TTL_SECONDS). The region is the secret ARN's (its
 * partition too: the SDK's endpoint rules resolve aws-cn or aws-us-gov hosts), or the function's for a name.
 */
export function secretsManagerReader(options: SecretsManagerReaderOptions = {}): SecretReader {
  const clients = new Map<string, SecretsManagerClient>();
  return async (secretId) => {
    const env = options.env ?? process.env;
    const region =
      /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(secretId)?.[1] ?? env.AWS_REGION ?? 'us-east-1';
    const endpoint = configuredEndpoint('Secrets Manager', env);
    const key = `${region} ${endpoint ?? ''}`;
    let client = clients.get(key);
    if (!client) {
      client = new SecretsManagerClient({
        region,
        ...CLIENT_DEFAULTS,
        ...(endpoint === undefined ? {} : { endpoint }),
        ...options.clientConfig,
      });
      clients.set(key, client);
    }
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return output.SecretString;
  };
}

/** This process's reader (no client exists until the first read). */
export const readFromSecretsManager: SecretReader = secretsManagerReader();

/**
 * The access token keys: the literal ones when given (JWT_SECRET and JWT_PREVIOUS_SECRET: tests,
 * LocalStack), else the secret's value: the key set JSON `{"current":"...","previous":"..."}`, or a bare key
 * (the CDK stack generates a 64-character alphanumeric string; a rotation replaces it with the JSON).
 */
export async function loadJwtSecrets(
  config: { jwtSecret?: string; jwtPreviousSecret?: string; jwtSecretArn?: string },
  read: SecretReader = readFromSecretsManager,
): Promise<JwtSecrets> {
  if (config.jwtSecret !== undefined) {
    return config.jwtPreviousSecret === undefined
      ? { current: config.jwtSecret }
      : { current: config.jwtSecret, previous: config.jwtPreviousSecret };
  }
  if (config.jwtSecretArn === undefined)
    throw new AwsConfigError('Invalid configuration: JWT_SECRET_ARN is required');
  const value = await read(config.jwtSecretArn);
  if (value === undefined)
    throw new AwsConfigError(`The JWT secret ${config.jwtSecretArn} has no string value`);
  const parsed = parseJwtSecrets(value, `The JWT secret ${config.jwtSecretArn}`);
  if (!parsed.ok) throw new AwsConfigError(parsed.problem);
  return parsed.secrets;
}

/**
 * How long a warm function trusts the key set it read: after this, the next request reads the secret again,
 * so a rotation reaches every warm function within this time (infra/README.md has the procedure).
 */
export const JWT_KEYS_TTL_SECONDS = 300;
/** After a failed re-read, the last key set is kept and the next read is tried this much later. */
export const JWT_KEYS_RETRY_SECONDS = 30;

export interface RefreshedKeysOptions {
  /** Reads the key set again (Secrets Manager). */
  load: () => Promise<AccessTokenKeySet>;
  /** Milliseconds since the epoch (the system clock unless a test moves it). */
  now?: () => number;
  /** A failed re-read: the last key set stays in use. */
  onRefreshError: (error: unknown) => void;
}

/**
 * The key set a warm function uses: the one of its cold start, read again once it is older than
 * JWT_KEYS_TTL_SECONDS. A re-read that fails keeps the last set (and retries after JWT_KEYS_RETRY_SECONDS):
 * a Secrets Manager outage never logs anyone out. An unchanged secret keeps the same object, so callers can
 * tell a change by identity.
 */
export function refreshedJwtKeys(
  initial: AccessTokenKeySet,
  options: RefreshedKeysOptions,
): () => Promise<AccessTokenKeySet> {
  const now = options.now ?? Date.now;
  let keys = initial;
  let readAt = now();
  let pending: Promise<void> | undefined;
  const refresh = () =>
    options.load().then(
      (next) => {
        if (!sameKeys(keys, next)) keys = next;
        readAt = now();
      },
      (error: unknown) => {
        options.onRefreshError(error);
        readAt = now() - (JWT_KEYS_TTL_SECONDS - JWT_KEYS_RETRY_SECONDS) * 1000;
      },
    );
  return async () => {
    if (now() - readAt >= JWT_KEYS_TTL_SECONDS * 1000) {
      pending ??= refresh().finally(() => {
        pending = undefined;
      });
      await pending;
    }
    return keys;
  };
}

/** The key set of loadJwtSecrets, for the services. */
export const loadJwtKeys = async (
  config: Parameters<typeof loadJwtSecrets>[0],
  read?: SecretReader,
): Promise<AccessTokenKeySet> => accessTokenKeySet(await loadJwtSecrets(config, read));
