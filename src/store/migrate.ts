import type { Database } from './database.js';
import { toNumber } from './database.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/** Any constant works; it only has to be the same for every Veil process sharing a database. */
const MIGRATION_LOCK = 7_351_001;

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version     integer PRIMARY KEY,
  name        text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Brings the schema up to date. Each migration runs in its own transaction under an advisory lock,
 * so concurrent starters apply it once and a failure leaves no half-applied migration.
 * Returns the versions applied by this call (empty when already current).
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.exec(CREATE_LEDGER);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/** The versions recorded as applied, ascending. */
export async function appliedVersions(db: Database): Promise<number[]> {
  const result = await db.query<{ version: unknown }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  return result.rows.map((r) => toNumber(r.version));
}
