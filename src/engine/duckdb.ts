import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { availableParallelism, tmpdir } from 'node:os';

export interface EngineOptions {
  /** DuckDB's memory budget; keeps a 5 GB job well under 1 GB RSS. */
  memoryLimit?: string;
  threads?: number;
}

/** One embedded DuckDB database (in memory) and a connection: the data engine of a Veil process. */
export class Engine {
  private constructor(
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    /** Whether the memory limit was chosen (option or VEIL_MEMORY_LIMIT), not the default. */
    private readonly limitChosen: boolean,
  ) {}

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const chosen = options.memoryLimit ?? process.env.VEIL_MEMORY_LIMIT;
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: chosen ?? '512MB',
      threads: String(options.threads ?? availableParallelism()),
      temp_directory: tmpdir(),
    });
    const connection = await instance.connect();
    return new Engine(instance, connection, chosen !== undefined);
  }

  /** Raises DuckDB's memory limit from the default for the rest of this engine's life; a chosen limit stays. */
  async widenMemory(limit: string): Promise<void> {
    if (!this.limitChosen) await this.run(`SET memory_limit = ${sqlString(limit)}`);
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Runs a query and returns its rows as plain JS objects (numbers, bigints, Dates, strings). */
  async all(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  return Engine.open(options);
}

/** Runs `body` with a fresh engine and always closes it. */
export async function withEngine<T>(
  body: (engine: Engine) => Promise<T>,
  options: EngineOptions = {},
): Promise<T> {
  const engine = await Engine.open(options);
  try {
    return await body(engine);
  } finally {
    engine.close();
  }
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL identifier, quoted. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
