import { createSharpImageProcessor } from '../src/adapters/images/sharp-image-processor';
import { createJsonLogger } from '../src/adapters/log/json-logger';
import { createLoggingOutbox } from '../src/adapters/mail/logging-outbox';
import { createLoggingNotifier } from '../src/adapters/notify/logging-notifier';
import { createDisabledPushQueue } from '../src/adapters/push/disabled-push-queue';
import { MAX_INPUT_PIXELS } from '../src/domain/photos';
import { systemClock } from '../src/ports/clock';
import { labConfigFromEnvironment, labServiceConfig } from '../src/runtime/lab/config';
import { resolveJwtSecrets } from '../src/runtime/lab/jwt-secret';
import { openLabBlobs, uploadSecretFrom } from '../src/runtime/lab/open-blobs';
import { describeStore, openLabStore } from '../src/runtime/lab/open-store';
import type { Deps } from '../src/services/deps';
import { DEMO_PASSWORD, demoEmail, demoPopulation } from './seed/demo-population';
import { seedDemoPopulation } from './seed/seed-population';

/**
 * `npm run seed [-- --users=400]`: a demo population in whatever the lab configuration points at (the same
 * variables as `npm start`: DATA_DIR or DATABASE_URL or STORE=dynamodb; BLOBS). Idempotent: running it again
 * adds nothing. With the embedded PGlite, stop `npm start` first (one process owns DATA_DIR at a time).
 */
const usersArgument = process.argv
  .find((argument) => argument.startsWith('--users='))
  ?.slice('--users='.length);
const count = Number(usersArgument ?? process.env.SEED_USERS ?? 400);
if (!Number.isInteger(count) || count < 2 || count > 5000) {
  console.error('--users must be a whole number from 2 to 5000');
  process.exit(2);
}

const config = labConfigFromEnvironment();
const log = createJsonLogger({ level: 'warn' });
const jwt = await resolveJwtSecrets(config);
const store = await openLabStore(config);
const blobs = openLabBlobs(
  config.blobs,
  uploadSecretFrom(config.uploadSecret, jwt.secrets.current),
  systemClock,
);
const deps: Deps = {
  store,
  blobs: blobs.blobs,
  images: createSharpImageProcessor({ maxInputPixels: MAX_INPUT_PIXELS }),
  notifier: createLoggingNotifier(log),
  mail: createLoggingOutbox(log, 'the seed script sends no mail'),
  push: createDisabledPushQueue(log),
  clock: systemClock,
  log,
  config: labServiceConfig(config, jwt.secrets),
};

const print = (line: string) => process.stdout.write(`${line}\n`);
try {
  print(`Seeding ${count} demo people into ${describeStore(config)} (photos: BLOBS=${config.blobs.kind})`);
  const started = performance.now();
  const report = await seedDemoPopulation(deps, demoPopulation(count), print);
  print(
    `Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${report.usersCreated} users created ` +
      `(${report.usersFound} already there), ${report.profilesCreated} profiles, ${report.photosAdded} photos, ` +
      `${report.likes} likes in place, ${report.matchesCreated} new matches.`,
  );
  print(`Log in as ${demoEmail(0)} … ${demoEmail(count - 1)} with the password "${DEMO_PASSWORD}".`);
} finally {
  blobs.close();
  await store.close();
}
