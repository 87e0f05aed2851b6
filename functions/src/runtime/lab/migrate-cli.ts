import { labConfigFromEnvironment } from './config';
import { runMigrations } from './migrate-command';
import { exitOnStartupFailure } from './startup-failure';

/**
 * `npm run migrate`: applies migrations to DATABASE_URL, or to the PGlite in DATA_DIR (relative paths
 * are taken from where npm was invoked). In the container the same runs as `node dist/lab/main.js migrate`.
 */
try {
  await runMigrations(labConfigFromEnvironment(), (line) => process.stdout.write(`${line}\n`));
} catch (error) {
  exitOnStartupFailure('migration failed', error);
}
process.exit(0);
