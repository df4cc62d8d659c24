import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { readFileSync } from 'node:fs';
import { ApiKeys } from '../store/apikeys.js';
import { AuditLog } from '../store/audit.js';
import type { Kms } from '../crypto/kms.js';
import type { Database } from '../store/database.js';
import { ProtectionService } from '../store/protection.js';
import { AuthCache } from './auth-cache.js';
import { installAuth } from './auth.js';
import './context.js';
import { errorBody, handleError } from './http-errors.js';
import { createLogger } from './logging.js';
import { createMetrics } from './metrics.js';
import { installOpenApi } from './openapi.js';
import { RateLimiter, type RateLimitOptions } from './ratelimit.js';
import { apiKeyRoutes } from './routes/apikeys.js';
import { auditRoutes } from './routes/audit.js';
import { healthRoutes } from './routes/health.js';
import { keyRoutes } from './routes/keys.js';
import { policyRoutes } from './routes/policies.js';
import { protectRoutes } from './routes/protect.js';

export interface ServerOptions {
  db: Database;
  logger?: Logger;
  /** Largest accepted request body in bytes (413 above it). */
  bodyLimit?: number;
  /** Per-caller rate limit (429 above it); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** How long a successful authentication is reused, in ms (0: look up every request). */
  authCacheMs?: number;
  /** Wraps key material (VEIL_MASTER_KEY); keyed operators and key routes answer 503 without it. */
  kms?: Kms;
  /** How long active-policy lookups and unwrapped keys are reused, in ms (changes made here apply at once). */
  cacheMs?: number;
  /** Route plugins of the engines (detect, protect, policies, keys); each uses `app.veil`. */
  plugins?: FastifyPluginAsync[];
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_AUTH_CACHE_MS = 5000;
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 100, burst: 200 };

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Builds the Veil HTTP service around an opened, migrated store. The caller listens and closes. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = options.logger ?? createLogger();
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // On close: refuse new requests with 503, let in-flight ones finish, drop idle keep-alives.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });
  const metrics = createMetrics();
  app.decorate('veil', {
    db: options.db,
    audit: new AuditLog(options.db),
    apiKeys: new ApiKeys(options.db),
    authCache: new AuthCache(options.authCacheMs ?? DEFAULT_AUTH_CACHE_MS),
    protection: new ProtectionService({
      db: options.db,
      ...(options.kms ? { kms: options.kms } : {}),
      ...(options.cacheMs !== undefined ? { cacheMs: options.cacheMs } : {}),
    }),
    metrics: { registry: metrics.registry, valuesProtected: metrics.valuesProtected },
  });
  closeConnectionsWhenClosing(app);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('NOT_FOUND', 'no such route')));
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  installAuth(app, rateLimit ? new RateLimiter(rateLimit) : null);
  metrics.install(app);
  await installOpenApi(app, pkg.version);
  await app.register(healthRoutes);
  await app.register(auditRoutes);
  await app.register(apiKeyRoutes);
  await app.register(policyRoutes);
  await app.register(keyRoutes);
  await app.register(protectRoutes);
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  await app.ready();
  return app;
}

/**
 * During shutdown, answers in-flight requests with `Connection: close`, so keep-alive clients
 * let go at once instead of holding the server open until their keep-alive timeout.
 */
function closeConnectionsWhenClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
}
