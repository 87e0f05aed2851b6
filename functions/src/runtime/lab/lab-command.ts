import { adminAndExit } from './admin-exit';
import { labConfigFromEnvironment } from './config';
import { runMigrations } from './migrate-command';
import { startLabServer } from './server';
import { exitOnStartupFailure } from './startup-failure';

/** What `node dist/lab/main.js [serve|migrate]` does; main.ts loads it once source maps are on. */
const USAGE = 'usage: main.js [serve|migrate|admin grant <email> <role>|admin revoke <email>]';

async function serve(): Promise<void> {
  // As PID 1 in a container node ignores SIGTERM without a handler: until the server is up (PGlite's first
  // start takes seconds), a stop request simply ends the process instead of waiting for SIGKILL.
  const stopWhileStarting = () => process.exit(0);
  process.once('SIGTERM', stopWhileStarting);
  process.once('SIGINT', stopWhileStarting);
  let server: Awaited<ReturnType<typeof startLabServer>>;
  try {
    server = await startLabServer(labConfigFromEnvironment());
  } catch (error) {
    exitOnStartupFailure('lab server failed to start', error);
  }
  process.off('SIGTERM', stopWhileStarting);
  process.off('SIGINT', stopWhileStarting);
  const { log } = server.deps;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn('second signal while shutting down: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error: error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function migrateAndExit(): Promise<void> {
  try {
    await runMigrations(labConfigFromEnvironment(), (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    exitOnStartupFailure('migration failed', error);
  }
  process.exit(0);
}

const command = process.argv[2] ?? 'serve';
if (command === 'serve') {
  await serve();
} else if (command === 'migrate') {
  await migrateAndExit();
} else if (command === 'admin') {
  await adminAndExit(process.argv.slice(3));
} else {
  process.stderr.write(`unknown command "${command}"; ${USAGE}\n`);
  process.exit(2);
}
