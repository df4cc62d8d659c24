import pg from 'pg';
import { UsageError } from '../core/errors.js';
import type { Database, Queryable, QueryResult, SqlParam } from './database.js';

export interface PostgresOptions {
  connectionString: string;
  /** Keep Veil's tables in this schema (created if missing); tests use one per run. */
  schema?: string;
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A PostgreSQL server through a `pg` connection pool. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new UsageError('the schema name must be a lowercase SQL identifier', {
      where: 'schema',
      hint: 'letters, digits and _, starting with a letter or _',
    });
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  if (schema) await createSchema(pool, schema);
  const asQueryable = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<Row>> {
      const result = await q.query(sql, params as unknown[]);
      return { rows: result.rows as Row[] };
    },
    async exec(sql: string): Promise<void> {
      await q.query(sql); // no parameters: the simple protocol runs several statements
    },
  });
  const self = asQueryable(pool);
  return {
    kind: 'postgres',
    query: self.query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(asQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: self.exec,
    close: () => pool.end(),
  };
}

/** Constant shared by every Veil process; see migrate.ts for the migration lock. */
const SCHEMA_LOCK = 7_351_000;

/** CREATE SCHEMA IF NOT EXISTS still races between sessions; serialize it with an advisory lock. */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
