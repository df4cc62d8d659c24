import type { FastifyInstance } from 'fastify';
import { VeilError } from '../../core/errors.js';
import { ApiKeys, SCOPES, parseDuration, type ApiKey, type Scope } from '../../store/apikeys.js';
import { appendAudit } from '../../store/audit.js';
import { authErrors, bearer, errorSchema } from '../schemas.js';

const keySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string', format: 'date-time' },
    created_by: { type: 'string' },
    expires_at: { type: ['string', 'null'], format: 'date-time' },
    revoked_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export function keyToWire(key: ApiKey): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    roles: key.roles,
    created_at: key.createdAt.toISOString(),
    created_by: key.createdBy,
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

interface CreateBody {
  roles: Scope[];
  name?: string;
  expires_in?: string;
}

/** Key administration (scope admin). The secret appears once, in the 201 answer to create. */
export async function apiKeyRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/v1/apikeys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['apikeys'],
        summary: 'List API keys (never their secrets)',
        security: bearer,
        response: {
          200: { type: 'object', properties: { keys: { type: 'array', items: keySchema } } },
          ...authErrors,
        },
      },
    },
    async () => ({ keys: (await app.veil.apiKeys.list()).map(keyToWire) }),
  );

  app.post<{ Body: CreateBody }>(
    '/v1/apikeys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['apikeys'],
        summary: 'Create an API key; the token is shown in this answer only',
        security: bearer,
        body: {
          type: 'object',
          properties: {
            roles: {
              type: 'array',
              items: { type: 'string', enum: [...SCOPES] },
              minItems: 1,
              maxItems: SCOPES.length,
            },
            name: { type: 'string', minLength: 1, maxLength: 100 },
            expires_in: { type: 'string', pattern: '^[0-9]+[mhdw]$', description: 'e.g. 30d, 12h' },
          },
          required: ['roles'],
          additionalProperties: false,
        },
        response: {
          201: { type: 'object', properties: { key: keySchema, token: { type: 'string' } } },
          ...authErrors,
        },
      },
    },
    async (request, reply) => {
      const { roles, name, expires_in: expiresIn } = request.body;
      const expiresAt = expiresIn ? new Date(Date.now() + parseDuration(expiresIn)) : null;
      const actor = request.apiKey?.id ?? 'anonymous';
      const created = await app.veil.db.transaction(async (tx) => {
        const made = await new ApiKeys(tx).create({
          roles,
          createdBy: actor,
          expiresAt,
          ...(name ? { name } : {}),
        });
        await appendAudit(tx, {
          actor,
          action: 'apikey.create',
          targetType: 'apikey',
          targetId: made.key.id,
          details: { roles: made.key.roles, expires_at: expiresAt?.toISOString() ?? null },
        });
        return made;
      });
      return reply.code(201).send({ key: keyToWire(created.key), token: created.token });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/apikeys/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['apikeys'],
        summary: 'Revoke an API key',
        security: bearer,
        params: {
          type: 'object',
          properties: { id: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
          required: ['id'],
        },
        response: {
          200: { type: 'object', properties: { key: keySchema } },
          404: errorSchema,
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const actor = request.apiKey?.id ?? 'anonymous';
      const revoked = await app.veil.db.transaction(async (tx) => {
        if (!(await new ApiKeys(tx).revoke(id))) return false;
        await appendAudit(tx, { actor, action: 'apikey.revoke', targetType: 'apikey', targetId: id });
        return true;
      });
      app.veil.authCache.invalidate(id);
      if (!revoked) {
        throw new VeilError('usage', 'no API key with this id', { code: 'NOT_FOUND', where: `apikey ${id}` });
      }
      const key = await app.veil.apiKeys.get(id);
      return { key: key ? keyToWire(key) : undefined };
    },
  );
}
