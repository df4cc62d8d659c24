import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export const DEFAULT_DATA_DIR = '.veil/db';

export interface StoreOptions {
  /** A PostgreSQL server; when absent, the embedded store in `dataDir` is used. */
  databaseUrl?: string;
  /** Directory of the embedded store (default `.veil/db`); `':memory:'` keeps it in memory. */
  dataDir?: string;
  /** Schema on the PostgreSQL server (tests use one per run). */
  schema?: string;
}

/** Opens the store chosen by options (or `DATABASE_URL` / `VEIL_DB_DIR`) and migrates it. */
export async function openStore(options: StoreOptions = {}): Promise<Database> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const db = databaseUrl
    ? await openPostgres({
        connectionString: databaseUrl,
        ...(options.schema ? { schema: options.schema } : {}),
      })
    : await openEmbedded(options.dataDir ?? process.env.VEIL_DB_DIR ?? DEFAULT_DATA_DIR);
  try {
    await migrate(db);
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

function openEmbedded(dataDir: string): Promise<Database> {
  return openPglite(dataDir === ':memory:' ? undefined : dataDir);
}

/** Opens the store, runs `work`, and always closes it (the embedded store allows one owner). */
export async function withStore<T>(options: StoreOptions, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openStore(options);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
