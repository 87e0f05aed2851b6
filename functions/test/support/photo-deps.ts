import { createSharpImageProcessor } from '../../src/adapters/images/sharp-image-processor';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { MAX_INPUT_PIXELS } from '../../src/domain/photos';
import type { BlobStore } from '../../src/ports/blob-store';
import type { Clock } from '../../src/ports/clock';
import type { Store } from '../../src/ports/repositories';
import type { Deps } from '../../src/services/deps';
import { serviceDeps } from './service-deps';

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
  const base = serviceDeps(options.store, options.clock);
  return {
    ...base,
    blobs: options.blobs,
    images: createSharpImageProcessor({ maxInputPixels: MAX_INPUT_PIXELS }),
    log: createJsonLogger({ level: 'debug', write: options.logWrite ?? (() => {}) }),
    // No override: these tests run with the default rate limits.
    config: {
      ...base.config,
      photos: { processOnComplete: options.processOnComplete ?? false },
      rateLimits: undefined,
    },
  };
}
