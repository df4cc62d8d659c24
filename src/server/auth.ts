import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasScope, type AuthFailure, type Authentication } from '../store/apikeys.js';
import { errorBody } from './http-errors.js';
import type { RateLimiter } from './ratelimit.js';

type DenialReason = AuthFailure | 'missing' | 'scope';

/** Paths served by plugins we do not write routes for (Swagger UI assets). */
const PUBLIC_PREFIXES = ['/docs'];

function isPublic(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.public) return true;
  const route = request.routeOptions.url;
  return route !== undefined && PUBLIC_PREFIXES.some((p) => route === p || route.startsWith(`${p}/`));
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Every route needs a valid API key unless marked public; `config.scope` names the scope it needs.
 * Denials answer 401 (who are you?) or 403 (not allowed) and are written to the audit log,
 * with the reason and the key id when one was claimed, never the presented token.
 */
export function installAuth(app: FastifyInstance, limiter: RateLimiter | null): void {
  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', async (request, reply) => {
    if (isPublic(request)) return;
    const token = bearerToken(request);
    const auth = await authenticate(app, token);
    if (!auth.ok) {
      // Limit by address first, so a flood of bad keys cannot flood the audit log.
      if (limited(limiter, `addr:${request.ip}`, reply)) return reply;
      // An unknown id is only a claim; it goes in details, not in the actor column.
      const actor = auth.reason === 'unknown' ? undefined : auth.keyId;
      const claimed: Record<string, string> =
        auth.reason === 'unknown' && auth.keyId ? { claimed_key_id: auth.keyId } : {};
      await deny(app, request, reply, 401, auth.reason, actor, claimed);
      return reply;
    }
    if (limited(limiter, `key:${auth.key.id}`, reply)) return reply;
    request.apiKey = auth.key;
    const scope = request.routeOptions.config?.scope;
    if (scope && !hasScope(auth.key, scope)) {
      await deny(app, request, reply, 403, 'scope', auth.key.id);
      return reply;
    }
    return undefined;
  });
}

async function authenticate(
  app: FastifyInstance,
  token: string | undefined,
): Promise<Authentication | { ok: false; reason: 'missing'; keyId?: undefined }> {
  if (!token) return { ok: false, reason: 'missing' };
  const cached = app.veil.authCache.get(token);
  if (cached) return { ok: true, key: cached };
  const auth = await app.veil.apiKeys.authenticate(token);
  if (auth.ok) app.veil.authCache.set(token, auth.key);
  return auth;
}

function limited(limiter: RateLimiter | null, caller: string, reply: FastifyReply): boolean {
  const retryAfter = limiter?.take(caller) ?? 0;
  if (retryAfter === 0) return false;
  void reply
    .code(429)
    .header('retry-after', String(retryAfter))
    .send(errorBody('RATE_LIMITED', 'too many requests', { hint: `retry after ${retryAfter}s` }));
  return true;
}

async function deny(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  status: 401 | 403,
  reason: DenialReason,
  keyId: string | undefined,
  extra: Record<string, string> = {},
): Promise<void> {
  const scope = request.routeOptions.config?.scope;
  await app.veil.audit.append({
    actor: keyId ?? 'anonymous',
    action: 'auth.denied',
    targetType: 'route',
    targetId: `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
    details: { status, reason, ...extra, ...(scope ? { required_scope: scope } : {}), address: request.ip },
  });
  if (status === 401) {
    void reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="veil"')
      .send(
        errorBody('UNAUTHENTICATED', 'a valid API key is required', {
          hint: 'send Authorization: Bearer veil_<id>_<secret>',
        }),
      );
  } else {
    void reply.code(403).send(
      errorBody('FORBIDDEN', 'this API key lacks the scope this route needs', {
        hint: `needs scope ${scope ?? '?'}`,
      }),
    );
  }
}
