import { migrations as allMigrations, type Migration } from './migrations';
import type { SqlClient } from './sql-client';

/** Arbitrary but fixed: every replica that migrates takes this same advisory lock. */
const migrationLockKey = 7_346_921_501;

/**
 * Serializes migrators across sessions until the caller's transaction ends. Replicas starting at once
 * would otherwise race on CREATE TABLE IF NOT EXISTS and on applying the same version twice.
 */
export async function takeMigrationLock(tx: SqlClient): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
}

export interface MigrateResult {
  /** Versions this call applied (empty when another replica or an earlier run already had). */
  applied: number[];
}

/** Applies pending migrations in order, each in its own transaction, recorded in `schema_migrations`. */
export async function migrate(
  client: SqlClient,
  migrations: readonly Migration[] = allMigrations,
): Promise<MigrateResult> {
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await client.transaction(async (tx) => {
      await takeMigrationLock(tx);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`,
      );
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rows.length > 0) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return { applied };
}
