import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { VeilError } from '../core/errors.js';
import type { Database, Queryable, QueryResult, SqlParam } from './database.js';

/**
 * Embedded PostgreSQL (WASM). One process may own a data directory at a time: a second writer
 * would corrupt it, so we hold `<dir>.lock` with our pid and take over only a dead owner's lock.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir === undefined) return wrap(await PGlite.create(), () => undefined);
  const dir = resolve(dataDir);
  mkdirSync(dirname(dir), { recursive: true });
  const release = acquireLock(`${dir}.lock`);
  try {
    return wrap(await PGlite.create(dir), release);
  } catch (err) {
    release();
    throw err;
  }
}

function wrap(pg: PGlite, release: () => void): Database {
  const asQueryable = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<Row>> {
      const result = await q.query<Row>(sql, params as unknown[]);
      return { rows: result.rows };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  });
  const self = asQueryable(pg);
  return {
    kind: 'pglite',
    query: self.query,
    exec: self.exec,
    transaction: (work) => pg.transaction((tx) => work(asQueryable(tx))),
    async close() {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}

function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new VeilError('usage', `the embedded store is in use by process ${owner}`, {
          where: lockPath,
          hint: 'stop that process (e.g. veil serve) first, or share a PostgreSQL server via DATABASE_URL',
          code: 'STORE_LOCKED',
        });
      }
      rmSync(lockPath, { force: true }); // the owner died (e.g. SIGKILL); its lock is stale
    }
  }
  throw new VeilError('internal', 'could not lock the embedded store', { where: lockPath });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
