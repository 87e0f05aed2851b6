import { createJsonLogger } from '../../adapters/log/json-logger';
import { AdminUsageError, runAdminCommand } from './admin-command';
import { labConfigFromEnvironment } from './config';
import { openLabStore } from './open-store';
import { exitOnStartupFailure } from './startup-failure';

/** Runs the admin command on the configured store, prints the outcome, exits (2 on a usage error). */
export async function adminAndExit(args: readonly string[]): Promise<never> {
  try {
    const store = await openLabStore(labConfigFromEnvironment());
    try {
      await runAdminCommand(store, args, createJsonLogger({ level: 'warn' }), (line) =>
        process.stdout.write(`${line}\n`),
      );
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof AdminUsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    exitOnStartupFailure('admin command failed', error);
  }
  process.exit(0);
}
