import { randomBytes } from 'node:crypto';

const requireServices = process.env.REQUIRE_SERVICES === '1';

/**
 * The real server's URL, or undefined (tests skip) when DATABASE_URL is unset.
 * CI sets REQUIRE_SERVICES=1 so that a missing server fails the run instead of skipping silently.
 */
export function databaseUrlOrSkip(): string | undefined {
  const url = process.env.DATABASE_URL;
  if (!url && requireServices) throw new Error('DATABASE_URL is required when REQUIRE_SERVICES=1');
  return url || undefined;
}

export const skipReason = 'skipped: DATABASE_URL is not set (export it to run against a real PostgreSQL 15)';

/** A schema name no other run uses, so runs on a shared server cannot see each other. */
export const freshSchemaName = () => `test_${randomBytes(6).toString('hex')}`;
