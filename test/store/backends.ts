import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestContext } from 'node:test';
import type { Database } from '../../src/store/database.js';
import { openStore } from '../../src/store/open.js';

/** The server CI provides; override with VEIL_TEST_DATABASE_URL. */
export const TEST_DATABASE_URL =
  process.env.VEIL_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated store; on PostgreSQL a schema of its own, dropped by `dispose`. */
  open(): Promise<{ db: Database; dispose: () => Promise<void> }>;
}

export const BACKENDS: Backend[] = [
  {
    name: 'pglite',
    async open() {
      const db = await openStore({ dataDir: ':memory:', databaseUrl: '' });
      return { db, dispose: () => db.close() };
    },
  },
  {
    name: 'postgres',
    async open() {
      const schema = `veil_test_${randomBytes(6).toString('hex')}`;
      const db = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
      return {
        db,
        async dispose() {
          await db.query(`DROP SCHEMA ${schema} CASCADE`);
          await db.close();
        },
      };
    },
  },
];

/** Skips the PostgreSQL variant with a visible notice when no server is reachable. */
export async function skipUnavailable(t: TestContext, backend: Backend): Promise<boolean> {
  if (backend.name === 'postgres' && !(await postgresReachable())) {
    t.skip(`PostgreSQL not reachable at ${TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')}`);
    return true;
  }
  return false;
}
