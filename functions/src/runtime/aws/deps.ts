import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbStore } from '../../adapters/dynamodb/dynamodb-store';
import { createJsonLogger } from '../../adapters/log/json-logger';
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
import { type AwsEnvironment, buildServiceConfig, loadAwsConfig } from './config';
import { readFromSecretsManager, resolveJwtSecret, type SecretReader } from './jwt-secret';

export interface AwsDepsOptions extends OptionalAdapters {
  /** Reads the JWT secret by ARN; Secrets Manager unless a test replaces it. */
  readSecret?: SecretReader;
}

/**
 * Wires the AWS adapters. The DynamoDB client honours the SDK's own endpoint variables
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL`), which is how tests point it at DynamoDB Local.
 */
export async function createAwsDeps(env: AwsEnvironment, options: AwsDepsOptions = {}): Promise<Deps> {
  const config = loadAwsConfig(env);
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
  const log = createJsonLogger({
    level: config.logLevel,
    base: { stage: config.stage, ...(functionName === undefined ? {} : { fn: functionName }) },
  });
  const jwtSecret = await resolveJwtSecret(config, options.readSecret ?? readFromSecretsManager);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.region }));
  const { blobs, images } = options;
  return {
    store: createDynamoDbStore({ client, tableName: config.tableName }),
    blobs: blobs ? lazyBlobStore(() => blobs(config)) : unavailableBlobStore(functionName),
    images: images ? lazyImageProcessor(() => images(config)) : unavailableImageProcessor(functionName),
    // Until the chat issue wires PostToConnection (adapters/apigw), events are only logged.
    notifier: createLoggingNotifier(log),
    clock: systemClock,
    log,
    config: buildServiceConfig(config, jwtSecret),
  };
}

const providers = new Set<{ reset(): Promise<void> }>();

/**
 * The Deps of this process, built on the first request of a cold start and reused by every later one: one
 * Secrets Manager read, one DynamoDB client with warm sockets. A failed build (say Secrets Manager was
 * briefly unreachable) is logged and not cached, so the next request tries again.
 */
export function depsProvider(adapters: OptionalAdapters = {}): () => Promise<Deps> {
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
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
      throw error;
    });
    return cached;
  };
}

/** Deps with the core adapters only (store, notifier, logger, config). */
export const getDeps = depsProvider();

/** Forgets every cached Deps (closing their stores): the next request reads the environment again. Tests only. */
export async function resetDeps(): Promise<void> {
  await Promise.all([...providers].map((provider) => provider.reset()));
}
