import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApiGatewayNotifier } from '../../adapters/apigw/apigw-notifier';
import { createAwsRequester } from '../../adapters/aws/signed-request';
import { dynamoDbClientDefaults } from '../../adapters/dynamodb/client-config';
import { createDynamoDbStore } from '../../adapters/dynamodb/store';
import { createJsonLogger } from '../../adapters/log/json-logger';
import { createLoggingOutbox } from '../../adapters/mail/logging-outbox';
import { createSqsOutbox } from '../../adapters/mail/sqs-outbox';
import { createLoggingNotifier } from '../../adapters/notify/logging-notifier';
import { systemClock } from '../../ports/clock';
import type { Deps } from '../../services/deps';
import {
  lazyBlobStore,
  lazyImageProcessor,
  type OptionalAdapters,
  unavailableBlobStore,
  unavailableImageProcessor,
} from './adapters';
import { type AwsEnvironment, awsServiceConfig, awsServiceConfigWithoutAuth, loadAwsConfig } from './config';
import { readFromSecretsManager, resolveJwtSecret, type SecretReader } from './jwt-secret';

export interface AwsDepsOptions extends OptionalAdapters {
  /** Reads the JWT secret by ARN; Secrets Manager unless a test replaces it. */
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
  const jwtSecret = withAuth
    ? await resolveJwtSecret(config, options.readSecret ?? readFromSecretsManager)
    : undefined;
  // Timeouts and retries bounded (client-config.ts): a stuck DynamoDB answers 503 before the function times out.
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: config.region, ...dynamoDbClientDefaults }),
  );
  const { blobs, images } = options;
  const store = createDynamoDbStore({ client, tableName: config.tableName });
  return {
    store,
    blobs: blobs ? lazyBlobStore(() => blobs(config)) : unavailableBlobStore(functionName),
    images: images ? lazyImageProcessor(() => images(config)) : unavailableImageProcessor(functionName),
    // PostToConnection to every live connection of the recipients (the table knows them); logged only when
    // the stack gives no WebSocket API (tests of single routes).
    notifier:
      config.websocketCallbackUrl === undefined
        ? createLoggingNotifier(log)
        : createApiGatewayNotifier({
            callbackUrl: config.websocketCallbackUrl,
            connections: store.connections,
            clock: systemClock,
            log,
            clientConfig: { region: config.region },
          }),
    // SQS SendMessage to the mail-sending function's queue; logged only when the stack has no mail domain.
    mail:
      config.mailQueueUrl === undefined
        ? createLoggingOutbox(log, 'no mail queue in this deployment (MAIL_QUEUE_URL)')
        : createSqsOutbox({
            queueUrl: config.mailQueueUrl,
            request: createAwsRequester({ region: config.region }),
            log,
          }),
    clock: systemClock,
    log,
    config:
      jwtSecret === undefined ? awsServiceConfigWithoutAuth(config) : awsServiceConfig(config, jwtSecret),
  };
}

const providers = new Set<{ reset(): Promise<void> }>();

/**
 * The Deps of this process, built on the first request of a cold start and reused by every later one: one
 * Secrets Manager read, one DynamoDB client with warm sockets. A failed build (say Secrets Manager was
 * briefly unreachable) is logged and not cached, so the next request tries again.
 */
export function depsProvider(adapters: AwsDepsOptions = {}): () => Promise<Deps> {
  let cached: Promise<Deps> | undefined;
  providers.add({
    async reset() {
      const previous = cached;
      cached = undefined;
      const deps = await previous?.catch(() => undefined);
      await deps?.store.close();
    },
  });
  return () => {
    cached ??= createAwsDeps(process.env, adapters).catch((error: unknown) => {
      cached = undefined;
      createJsonLogger().error('could not build dependencies', {
        error,
      });
      throw error;
    });
    return cached;
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
