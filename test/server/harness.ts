import { Writable } from 'node:stream';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logging.js';
import { ApiKeys, type Scope } from '../../src/store/apikeys.js';
import type { Database } from '../../src/store/database.js';
import { BACKENDS, type Backend } from '../store/backends.js';

/** Collects every JSON log line the server writes. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface Harness {
  app: FastifyInstance;
  db: Database;
  logs: LogCapture;
  /** Every token created through `token()`; none may ever appear in a response, log or audit entry. */
  tokens: string[];
  token(roles: Scope[], expiresAt?: Date): Promise<string>;
  bearer(token: string): { authorization: string };
}

const shared = new Map<string, Promise<{ db: Database; dispose: () => Promise<void> }>>();
// Registered at load time so it belongs to the file, not to the first test that opens the store.
after(async () => {
  for (const opened of shared.values()) await (await opened).dispose();
});

const PGLITE = BACKENDS.find((b) => b.name === 'pglite') as Backend;

/**
 * One store per backend per test file (the embedded one takes seconds to start; the server one
 * lives in its own schema, dropped at the end); a fresh server per call.
 */
export async function harness(
  options: Partial<ServerOptions> = {},
  backend: Backend = PGLITE,
): Promise<Harness> {
  if (!shared.has(backend.name)) shared.set(backend.name, backend.open());
  const { db } = (await shared.get(backend.name)) as { db: Database };
  const logs = new LogCapture();
  const app = await buildServer({ db, logger: createLogger({ destination: logs }), ...options });
  after(() => app.close());
  const tokens: string[] = [];
  return {
    app,
    db,
    logs,
    tokens,
    async token(roles, expiresAt) {
      const made = await new ApiKeys(db).create({ roles, createdBy: 'test', expiresAt: expiresAt ?? null });
      tokens.push(made.token);
      return made.token;
    },
    bearer: (token) => ({ authorization: `Bearer ${token}` }),
  };
}

/** The part of a token that must stay secret (the id is public). */
export function secretOf(token: string): string {
  return token.slice('veil_'.length + 16 + 1);
}
