import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAwsRequester } from '../../adapters/aws/signed-request';
import { dynamoDbClientDefaults } from '../../adapters/dynamodb/client-config';
import { createDynamoDbStore } from '../../adapters/dynamodb/store';
import { createJsonLogger } from '../../adapters/log/json-logger';
import { createLoggingOutbox } from '../../adapters/mail/logging-outbox';
import { createSqsOutbox } from '../../adapters/mail/sqs-outbox';
import { createLoggingNotifier } from '../../adapters/notify/logging-notifier';
import { createDisabledPushQueue } from '../../adapters/push/disabled-push-queue';
import { systemClock } from '../../ports/clock';
import type { Deps } from '../../services/deps';
import {
  lazyBlobStore,
  lazyImageProcessor,
  type OptionalAdapters,
  unavailableBlobStore,
  unavailableImageProcessor,
  unavailableNotifier,
} from './adapters';
import { type AwsEnvironment, awsServiceConfig, awsServiceConfigWithoutAuth, loadAwsConfig } from './config';
import { loadJwtKeys, readFromSecretsManager, refreshedJwtKeys, type SecretReader } from './jwt-secret';

export interface AwsDepsOptions extends OptionalAdapters {
  /** Reads the JWT key set by ARN; Secrets Manager unless a test replaces it. */
  readSecret?: SecretReader;
  /**
   * false: no JWT key is required, read or held (the photo function, which serves no user request); the
   * services' `config.auth` then fails loudly if anything reaches for it.
   */
  auth?: boolean;
}

/**
 * Wires the AWS adapters. The DynamoDB client honours the SDK's own endpoint variables
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL`), which is how tests point it at DynamoDB Local.
 */
export async function createAwsDeps(env: AwsEnvironment, options: AwsDepsOptions = {}): Promise<Deps> {
  const withAuth = options.auth !== false;
  const config = loadAwsConfig(env, { auth: withAuth });
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
  const log = createJsonLogger({
    level: config.logLevel,
    base: { stage: config.stage, ...(functionName === undefined ? {} : { fn: functionName }) },
  });
  const keys = withAuth ? await loadJwtKeys(config, options.readSecret ?? readFromSecretsManager) : undefined;
  // Timeouts and retries bounded (client-config.ts): a stuck DynamoDB answers 503 before the function times out.
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: config.region, ...dynamoDbClientDefaults }),
  );
  const { blobs, images, notifier } = options;
  const store = createDynamoDbStore({ client, tableName: config.tableName });
  return {
    store,
    blobs: blobs ? lazyBlobStore(() => blobs(config)) : unavailableBlobStore(functionName),
    images: images ? lazyImageProcessor(() => images(config)) : unavailableImageProcessor(functionName),
    // PostToConnection to every live connection of the recipients (apigw-notifier.ts), in the functions that
    // publish events; logged only when the stack gives no WebSocket API (tests of single routes).
    notifier:
      config.websocketCallbackUrl === undefined
        ? createLoggingNotifier(log)
        : notifier
          ? notifier({
              callbackUrl: config.websocketCallbackUrl,
              region: config.region,
              connections: store.connections,
              log,
            })
          : unavailableNotifier(functionName),
    // SQS SendMessage to the mail-sending function's queue; logged only when the stack has no mail domain.
    mail:
      config.mailQueueUrl === undefined
        ? createLoggingOutbox(log, 'no mail queue in this deployment (MAIL_QUEUE_URL)')
        : createSqsOutbox({
            queueUrl: config.mailQueueUrl,
            request: createAwsRequester({ region: config.region }),
            log,
          }),
    // Push notifications need the push queue of the stack (not deployed yet on AWS): dropped, at debug level.
    push: createDisabledPushQueue(log),
    clock: systemClock,
    log,
    config: keys === undefined ? awsServiceConfigWithoutAuth(config) : awsServiceConfig(config, keys),
  };
}

const providers = new Set<{ reset(): Promise<void> }>();

/**
 * The Deps with the key set read again when it is older than JWT_KEYS_TTL_SECONDS (from Secrets Manager; a
 * literal JWT_SECRET never changes): the same Deps object until the keys change.
 */
function withRefreshedKeys(
  deps: Deps,
  env: AwsEnvironment,
  readSecret: SecretReader,
  withAuth: boolean,
): () => Promise<Deps> {
  // A function built without auth has no keys to refresh; a literal JWT_SECRET never changes.
  if (!withAuth) return async () => deps;
  const config = loadAwsConfig(env);
  if (config.jwtSecret !== undefined) return async () => deps;
  const keys = refreshedJwtKeys(deps.config.auth.keys, {
    load: () => loadJwtKeys(config, readSecret),
    onRefreshError: (error) =>
      deps.log.warn('could not read the JWT key set again; keeping the last one', { error }),
  });
  let latest = deps;
  return async () => {
    const current = await keys();
    if (current !== latest.config.auth.keys) {
      latest = { ...latest, config: { ...latest.config, auth: { ...latest.config.auth, keys: current } } };
    }
    return latest;
  };
}

/**
 * The Deps of this process, built on the first request of a cold start and reused by every later one: one
 * Secrets Manager read (again every JWT_KEYS_TTL_SECONDS for the key set), one DynamoDB client with warm
 * sockets. A failed build (say Secrets Manager was briefly unreachable) is logged and not cached, so the next
 * request tries again.
 */
export function depsProvider(adapters: AwsDepsOptions = {}): () => Promise<Deps> {
  let cached: Promise<{ deps: Deps; current: () => Promise<Deps> }> | undefined;
  providers.add({
    async reset() {
      const previous = cached;
      cached = undefined;
      const built = await previous?.catch(() => undefined);
      await built?.deps.store.close();
    },
  });
  return async () => {
    cached ??= createAwsDeps(process.env, adapters)
      .then((deps) => ({
        deps,
        current: withRefreshedKeys(
          deps,
          process.env,
          adapters.readSecret ?? readFromSecretsManager,
          adapters.auth !== false,
        ),
      }))
      .catch((error: unknown) => {
        cached = undefined;
        createJsonLogger().error('could not build dependencies', { error });
        throw error;
      });
    return (await cached).current();
  };
}

/** Deps with the core adapters only (store, notifier, logger, config). */
export const getDeps = depsProvider();

let originSecret: Promise<string | undefined> | undefined;
providers.add({
  async reset() {
    originSecret = undefined;
  },
});

/**
 * The value CloudFront sends in `x-origin-verify` (viewer-address.ts), read once per cold start like the JWT
 * key; undefined when the stack configures none (direct API access only, tests).
 */
export function getOriginSecret(
  readSecret: SecretReader = readFromSecretsManager,
): Promise<string | undefined> {
  originSecret ??= (async () => {
    const config = loadAwsConfig(process.env);
    if (config.originVerify !== undefined) return config.originVerify;
    if (config.originVerifySecretId === undefined) return undefined;
    return (await readSecret(config.originVerifySecretId))?.trim();
  })().catch((error: unknown) => {
    originSecret = undefined;
    throw error;
  });
  return originSecret;
}

/** Forgets every cached Deps (closing their stores): the next request reads the environment again. Tests only. */
export async function resetDeps(): Promise<void> {
  await Promise.all([...providers].map((provider) => provider.reset()));
}
