import type { Counter, Registry } from 'prom-client';
import type { ApiKey, ApiKeys, Scope } from '../store/apikeys.js';
import type { AuditLog } from '../store/audit.js';
import type { Database } from '../store/database.js';
import type { ProtectionService } from '../store/protection.js';
import type { AuthCache } from './auth-cache.js';

/** What every route plugin can reach through `app.veil`; engines get added here when wired in. */
export interface VeilContext {
  db: Database;
  audit: AuditLog;
  apiKeys: ApiKeys;
  /** Short-lived cache of successful authentications; evict a key here when revoking it. */
  authCache: AuthCache;
  /** Active policies, compiled plans and keys for protect, reveal, policies and keys routes. */
  protection: ProtectionService;
  metrics: {
    registry: Registry;
    /** For the protect route: values protected, labelled by operator. */
    valuesProtected: Counter<'operator'>;
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    veil: VeilContext;
  }
  interface FastifyRequest {
    /** The authenticated caller; set by the auth hook on every non-public route. */
    apiKey: ApiKey | null;
  }
  interface FastifyContextConfig {
    /** Reachable without an API key (health, metrics, OpenAPI). */
    public?: boolean;
    /** The scope a caller's key must hold; absent means any valid key. */
    scope?: Scope;
  }
}
