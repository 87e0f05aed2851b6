import { createJsonLogger } from '../../src/adapters/log/json-logger';
import type { BlobStore } from '../../src/ports/blob-store';
import type { Clock } from '../../src/ports/clock';
import type { ImageProcessor } from '../../src/ports/image-processor';
import type { Store } from '../../src/ports/repositories';
import { accessTokenKeySet } from '../../src/runtime/access-token-keys';
import type { Deps } from '../../src/services/deps';
import { createRecordingNotifier, type RecordingNotifier } from './recording-notifier';
import { createRecordingOutbox, type RecordingOutbox } from './recording-outbox';

const unused = (what: string) => () => Promise.reject(new Error(`${what} is not part of this test`));

/** Photo I/O these service tests never touch: any call fails the test loudly. */
const noBlobs: BlobStore = {
  presignUpload: unused('blobs.presignUpload'),
  head: unused('blobs.head'),
  get: unused('blobs.get'),
  put: unused('blobs.put'),
  delete: unused('blobs.delete'),
};
const noImages: ImageProcessor = { render: unused('images.render') };

/** Deps for calling services directly on a real store, with a recording notifier and no rate limits. */
export function serviceDeps(
  store: Store,
  clock: Clock = { now: () => new Date() },
): Deps & { notifier: RecordingNotifier; mail: RecordingOutbox } {
  return {
    store,
    blobs: noBlobs,
    images: noImages,
    notifier: createRecordingNotifier(),
    mail: createRecordingOutbox(),
    clock,
    log: createJsonLogger({ level: 'error', write: () => {} }),
    config: {
      version: '0.0.0-test',
      emailVerification: 'off',
      publicOrigin: 'http://localhost:8080',
      auth: {
        keys: accessTokenKeySet({ current: 'test-only-jwt-secret-0123456789abcdef' }),
        issuer: 'dating-app',
        audience: 'dating-app',
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 86_400,
        passwordHashCost: 14,
      },
      photos: { processOnComplete: false },
      rateLimits: 'off',
    },
  };
}
