import { ConfigError } from './config';
import { DataDirLockedError } from './data-dir-lock';
import { MigrationError } from './migrate-command';
import { StoreUnavailableError } from './open-store';

/** Errors whose message already tells the operator what to fix: no stack trace needed. */
const explained = [ConfigError, StoreUnavailableError, DataDirLockedError, MigrationError];

/** One clear line on stderr (a stack only for the unexpected), then a non-zero exit. */
export function exitOnStartupFailure(what: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const known = explained.some((kind) => error instanceof kind);
  process.stderr.write(`${what}: ${message}\n`);
  if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
