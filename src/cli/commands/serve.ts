import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { LocalKms } from '../../crypto/kms.js';
import { buildServer } from '../../server/app.js';
import { loadServerConfig, type ServerConfig } from '../../server/config.js';
import { createLogger } from '../../server/logging.js';
import { detectRoutes } from '../../server/routes/detect.js';
import { ApiKeys } from '../../store/apikeys.js';
import { appendAudit } from '../../store/audit.js';
import type { Database } from '../../store/database.js';
import { openStore } from '../../store/open.js';
import { notice } from '../io.js';
import { cliActor } from './apikey.js';

interface ServeFlags {
  port?: string;
  host?: string;
  config?: string;
  db?: string;
  bootstrapAdmin?: boolean;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the Veil HTTP service (embedded store in .veil/db unless DATABASE_URL is set)')
    .option('-p, --port <port>', 'TCP port (default 8080, env VEIL_PORT)')
    .option('--host <host>', 'address to bind (default 127.0.0.1, env VEIL_HOST)')
    .option('--config <file>', 'YAML or JSON settings file (env VEIL_CONFIG)')
    .option('--db <dir>', 'embedded store directory (default .veil/db, env VEIL_DB_DIR)')
    .option('--bootstrap-admin', 'when the store has no API key, create an admin key and print it once')
    .action(async (flags: ServeFlags) => {
      const config = loadServerConfig({
        ...(flags.config ? { file: flags.config } : {}),
        flags: { port: flags.port, host: flags.host, dataDir: flags.db },
      });
      await serve(config, Boolean(flags.bootstrapAdmin));
    });
}

async function serve(config: ServerConfig, bootstrapAdmin: boolean): Promise<void> {
  const db = await openStore({ databaseUrl: config.databaseUrl ?? '', dataDir: config.dataDir });
  let app: FastifyInstance;
  try {
    await guideFirstKey(db, config, bootstrapAdmin);
    app = await buildServer({
      db,
      logger: createLogger({ level: config.logLevel }),
      bodyLimit: config.bodyLimit,
      rateLimit: config.rateLimit,
      authCacheMs: config.authCacheMs,
      ...(process.env.VEIL_MASTER_KEY ? { kms: LocalKms.fromBase64(process.env.VEIL_MASTER_KEY) } : {}),
      plugins: [detectRoutes()],
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await db.close();
    throw err;
  }
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  if (!process.env.VEIL_MASTER_KEY)
    notice('veil: VEIL_MASTER_KEY is not set; keyed operators and /v1/keys answer 503');
  notice(
    `veil: serving on http://${config.host}:${port} (store: ${describeStore(db, config)}); docs at /docs`,
  );
  await untilSignalled(app, db);
}

function describeStore(db: Database, config: ServerConfig): string {
  return db.kind === 'postgres' ? 'PostgreSQL from DATABASE_URL' : `embedded, ${config.dataDir}`;
}

/** A fresh store has no key, so nobody could call the API: say how to make the first one. */
async function guideFirstKey(db: Database, config: ServerConfig, bootstrapAdmin: boolean): Promise<void> {
  if ((await new ApiKeys(db).list()).length > 0) return;
  if (bootstrapAdmin) {
    const actor = cliActor();
    const made = await db.transaction(async (tx) => {
      const created = await new ApiKeys(tx).create({
        roles: ['admin'],
        name: 'bootstrap admin',
        createdBy: actor,
      });
      await appendAudit(tx, {
        actor,
        action: 'apikey.create',
        targetType: 'apikey',
        targetId: created.key.id,
        details: { roles: ['admin'], bootstrap: true },
      });
      return created;
    });
    process.stderr.write(
      `veil: created the first admin API key (shown once, store it now):\n${made.token}\n`,
    );
    return;
  }
  const dbFlag = config.dataDir === '.veil/db' ? '' : ` --db ${config.dataDir}`;
  const how =
    db.kind === 'postgres'
      ? 'run: veil apikey create --role admin   (with the same DATABASE_URL)'
      : `stop this server and run: veil apikey create --role admin${dbFlag}   (or restart with --bootstrap-admin)`;
  notice(`veil: no API keys yet; to create the first admin key, ${how}`);
}

/** SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close the store. */
function untilSignalled(app: FastifyInstance, db: Database): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (signal: NodeJS.Signals): void => {
      app.log.info({ signal }, 'shutting down');
      app
        .close()
        .then(() => db.close())
        .then(resolve, reject);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
