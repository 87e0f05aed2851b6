import { createSharpImageProcessor } from '../../src/adapters/images/sharp-image-processor';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { createRecordingNotifier } from '../../src/adapters/notify/recording-notifier';
import { MAX_INPUT_PIXELS } from '../../src/domain/photos';
import type { BlobStore } from '../../src/ports/blob-store';
import type { Clock } from '../../src/ports/clock';
import type { Store } from '../../src/ports/repositories';
import type { Deps } from '../../src/services/deps';

export interface PhotoDepsOptions {
  store: Store;
  blobs: BlobStore;
  clock?: Clock;
  processOnComplete?: boolean;
  /** Collects log lines (default: dropped). */
  logWrite?: (line: string) => void;
}

/** Deps for service and handler tests that run without a server: real store, real blobs, real sharp. */
export function photoDeps(options: PhotoDepsOptions): Deps {
  return {
    store: options.store,
    blobs: options.blobs,
    images: createSharpImageProcessor({ maxInputPixels: MAX_INPUT_PIXELS }),
    notifier: createRecordingNotifier(),
    clock: options.clock ?? { now: () => new Date() },
    log: createJsonLogger({ level: 'debug', write: options.logWrite ?? (() => {}) }),
    config: {
      version: '0.0.0-test',
      auth: {
        jwtSecret: new TextEncoder().encode('test-only-jwt-secret-0123456789abcdef'),
        issuer: 'dating-app',
        audience: 'dating-app',
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 86_400,
        passwordHashCost: 14,
      },
      photos: { processOnComplete: options.processOnComplete ?? false },
    },
  };
}
