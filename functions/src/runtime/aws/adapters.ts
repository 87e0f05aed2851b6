import type { BlobStore } from '../../ports/blob-store';
import type { ConnectionRepository } from '../../ports/chat';
import type { ImageProcessor } from '../../ports/image-processor';
import type { Logger } from '../../ports/logger';
import type { Notifier } from '../../ports/notifier';
import type { AwsConfig } from './config';

/** What the API Gateway notifier is built from (deps.ts). */
export interface NotifierWiring {
  /** The WebSocket API's management endpoint (WEBSOCKET_CALLBACK_URL). */
  callbackUrl: string;
  region: string;
  connections: ConnectionRepository;
  log: Logger;
}

/**
 * Adapters that only some functions need, so only those functions pay for them (the photos bucket needs its
 * bucket name and IAM grants, sharp is native): an entry names the ones its routes use (see entries/*.ts) and
 * they are built on first use, so even those functions do not build them on a cold start that never touches a
 * photo. The factories live in their own modules (s3-blobs.ts, sharp-images.ts, apigw-notifier.ts)
 * so that only the entries importing them bundle them. Every other function gets a stand-in that fails loudly, naming
 * the entry to fix, should a code path reach it after all (the Lambda-mode API suite would catch it).
 */
export interface OptionalAdapters {
  blobs?: (config: AwsConfig) => Promise<BlobStore>;
  images?: (config: AwsConfig) => Promise<ImageProcessor>;
  /** PostToConnection to users' live connections; functions whose routes publish no event go without. */
  notifier?: (wiring: NotifierWiring) => Notifier;
}

function missing(what: string, functionName: string | undefined): never {
  throw new Error(
    `${what} is not wired in this Lambda function (${functionName ?? 'unknown'}): add it to the entry's ` +
      'adapters in functions/src/runtime/aws/entries/',
  );
}

/** A BlobStore whose adapter is loaded on the first call (and shared by every later one). */
export function lazyBlobStore(load: () => Promise<BlobStore>): BlobStore {
  let loaded: Promise<BlobStore> | undefined;
  const store = () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
  return {
    presignUpload: async (policy) => (await store()).presignUpload(policy),
    head: async (key) => (await store()).head(key),
    get: async (key) => (await store()).get(key),
    put: async (key, body, options) => (await store()).put(key, body, options),
    delete: async (keys) => (await store()).delete(keys),
  };
}

export function lazyImageProcessor(load: () => Promise<ImageProcessor>): ImageProcessor {
  let loaded: Promise<ImageProcessor> | undefined;
  return {
    async render(input, type, bounds) {
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      return (await loaded).render(input, type, bounds);
    },
  };
}

export const unavailableBlobStore = (functionName: string | undefined): BlobStore =>
  lazyBlobStore(async () => missing('The blob store (photos bucket)', functionName));

export const unavailableImageProcessor = (functionName: string | undefined): ImageProcessor =>
  lazyImageProcessor(async () => missing('Image processing (sharp)', functionName));

/** Events reach no one from a function that does not wire the notifier: fail loudly, naming the entry. */
export const unavailableNotifier = (functionName: string | undefined): Notifier => ({
  publish: async () => missing('The API Gateway notifier (WebSocket events)', functionName),
  sendToConnection: async () => missing('The API Gateway notifier (WebSocket events)', functionName),
  disconnectSessions: async () => missing('The API Gateway notifier (WebSocket events)', functionName),
});
