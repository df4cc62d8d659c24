import type { FastifyInstance, FastifyReply } from 'fastify';
import { appendAudit } from '../../store/audit.js';
import { policyFileName, PolicyStore, validatePolicy, type PolicyVersion } from '../../store/policies.js';
import type { Problem } from '../../policy/index.js';
import { bearer, datasetName, errorSchema, policyName, purposeName, serviceErrors } from '../schemas.js';

const MAX_YAML = 512 * 1024;
/** Operator parameters that work like keys; explain says they are set, never what they are. */
const SECRET_PARAMS = new Set(['salt', 'tweak']);

const versionSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'integer' },
    sha256: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    created_by: { type: 'string' },
    active: { type: 'boolean' },
    activated_at: { type: ['string', 'null'], format: 'date-time' },
    activated_by: { type: ['string', 'null'] },
  },
} as const;

const problemSchema = {
  type: 'object',
  properties: {
    line: { type: 'integer' },
    path: { type: 'string' },
    message: { type: 'string' },
    hint: { type: 'string' },
  },
} as const;

const invalidSchema = {
  type: 'object',
  properties: { ...errorSchema.properties, problems: { type: 'array', items: problemSchema } },
} as const;

const nameParams = {
  type: 'object',
  properties: { name: policyName },
  required: ['name'],
} as const;

function toWire(v: PolicyVersion): Record<string, unknown> {
  return {
    name: v.name,
    version: v.version,
    sha256: v.sha256,
    created_at: v.createdAt.toISOString(),
    created_by: v.createdBy,
    active: v.active,
    activated_at: v.activatedAt?.toISOString() ?? null,
    activated_by: v.activatedBy,
  };
}

function problemsToWire(problems: Problem[]): Record<string, unknown>[] {
  return problems.map((p) => ({
    line: p.line,
    path: p.path,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
}

function invalid(reply: FastifyReply, name: string, problems: Problem[]): FastifyReply {
  const first = problems[0];
  return reply.code(422).send({
    error: {
      code: 'POLICY_INVALID',
      message: `invalid policy (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
      where: `${policyFileName(name)}:${first?.line ?? 1}${first?.path ? ` ${first.path}` : ''}`,
      hint: first?.message ?? 'see problems',
    },
    problems: problemsToWire(problems),
  });
}

/** Replaces secret operator parameters by "(set)" anywhere in an explanation. */
function hideSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_PARAMS.has(k) && typeof v === 'string' ? '(set)' : hideSecrets(v),
    ]),
  );
}

/** Policies: list, get, validate, new version, activate (policy:write), explain. */
export async function policyRoutes(app: FastifyInstance): Promise<void> {
  const store = new PolicyStore(app.veil.db);
  const actorOf = (r: { apiKey: { id: string } | null }): string => r.apiKey?.id ?? 'anonymous';

  app.get(
    '/v1/policies',
    {
      schema: {
        tags: ['policies'],
        summary: 'Policy names with their latest and active versions',
        security: bearer,
        response: {
          200: {
            type: 'object',
            properties: {
              policies: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    latest_version: { type: 'integer' },
                    active_version: { type: ['integer', 'null'] },
                  },
                },
              },
            },
          },
          ...serviceErrors,
        },
      },
    },
    async () => ({
      policies: (await store.list()).map((p) => ({
        name: p.name,
        latest_version: p.latestVersion,
        active_version: p.activeVersion,
      })),
    }),
  );

  app.get<{ Params: { name: string } }>(
    '/v1/policies/:name',
    {
      schema: {
        tags: ['policies'],
        summary: 'Every version of a policy (metadata)',
        security: bearer,
        params: nameParams,
        response: {
          200: {
            type: 'object',
            properties: { name: { type: 'string' }, versions: { type: 'array', items: versionSchema } },
          },
          ...serviceErrors,
        },
      },
    },
    async (request) => ({
      name: request.params.name,
      versions: (await store.versions(request.params.name)).map(toWire),
    }),
  );

  app.get<{ Params: { name: string; version: number } }>(
    '/v1/policies/:name/versions/:version',
    {
      // The YAML may hold hash salts and FPE tweaks: only policy writers read it.
      config: { scope: 'policy:write' },
      schema: {
        tags: ['policies'],
        summary: 'One version with its YAML source',
        security: bearer,
        params: {
          type: 'object',
          properties: { name: policyName, version: { type: 'integer', minimum: 1 } },
          required: ['name', 'version'],
        },
        response: {
          200: { type: 'object', properties: { ...versionSchema.properties, yaml: { type: 'string' } } },
          ...serviceErrors,
        },
      },
    },
    async (request) => {
      const v = await store.get(request.params.name, request.params.version);
      return { ...toWire(v), yaml: v.yaml };
    },
  );

  app.post<{ Body: { yaml: string; name?: string } }>(
    '/v1/policies/validate',
    {
      schema: {
        tags: ['policies'],
        summary: 'Validate a policy without storing it; problems carry their YAML line',
        security: bearer,
        body: {
          type: 'object',
          properties: { yaml: { type: 'string', maxLength: MAX_YAML }, name: policyName },
          required: ['yaml'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { valid: { type: 'boolean' }, problems: { type: 'array', items: problemSchema } },
          },
          ...serviceErrors,
        },
      },
    },
    async (request) => {
      const { problems } = validatePolicy(request.body.name ?? 'policy', request.body.yaml);
      return { valid: problems.length === 0, problems: problemsToWire(problems) };
    },
  );

  app.post<{ Params: { name: string }; Body: { yaml: string; activate?: boolean } }>(
    '/v1/policies/:name/versions',
    {
      config: { scope: 'policy:write' },
      schema: {
        tags: ['policies'],
        summary: 'Store a new version (validated first); optionally activate it at once',
        security: bearer,
        params: nameParams,
        body: {
          type: 'object',
          properties: {
            yaml: { type: 'string', minLength: 1, maxLength: MAX_YAML },
            activate: { type: 'boolean' },
          },
          required: ['yaml'],
          additionalProperties: false,
        },
        response: {
          201: { type: 'object', properties: { policy: versionSchema } },
          ...serviceErrors,
          422: invalidSchema,
        },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { yaml, activate } = request.body;
      const { problems } = validatePolicy(name, yaml);
      if (problems.length > 0) return invalid(reply, name, problems);
      const actor = actorOf(request);
      const created = await app.veil.db.transaction(async (tx) => {
        const policies = new PolicyStore(tx);
        let v = await policies.create(name, yaml, actor);
        await appendAudit(tx, {
          actor,
          action: 'policy.create',
          targetType: 'policy',
          targetId: name,
          details: { version: v.version, sha256: v.sha256 },
        });
        if (activate) {
          v = await policies.activate(name, v.version, actor);
          await appendAudit(tx, {
            actor,
            action: 'policy.activate',
            targetType: 'policy',
            targetId: name,
            details: { version: v.version },
          });
        }
        return v;
      });
      if (activate) app.veil.protection.invalidate();
      return reply.code(201).send({ policy: toWire(created) });
    },
  );

  app.post<{ Params: { name: string }; Body: { version: number } }>(
    '/v1/policies/:name/activate',
    {
      config: { scope: 'policy:write' },
      schema: {
        tags: ['policies'],
        summary: 'Make one version the active one (the previous active version is deactivated)',
        security: bearer,
        params: nameParams,
        body: {
          type: 'object',
          properties: { version: { type: 'integer', minimum: 1 } },
          required: ['version'],
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { policy: versionSchema } }, ...serviceErrors },
      },
    },
    async (request) => {
      const { name } = request.params;
      const actor = actorOf(request);
      const activated = await app.veil.db.transaction(async (tx) => {
        const v = await new PolicyStore(tx).activate(name, request.body.version, actor);
        await appendAudit(tx, {
          actor,
          action: 'policy.activate',
          targetType: 'policy',
          targetId: name,
          details: { version: v.version },
        });
        return v;
      });
      app.veil.protection.invalidate();
      return { policy: toWire(activated) };
    },
  );

  app.post<{ Params: { name: string }; Body: { dataset: string; purpose: string; version?: number } }>(
    '/v1/policies/:name/explain',
    {
      schema: {
        tags: ['policies'],
        summary: 'What each field of a dataset becomes for a purpose, which rule decided, and the plan',
        security: bearer,
        params: nameParams,
        body: {
          type: 'object',
          properties: {
            dataset: datasetName,
            purpose: purposeName,
            version: { type: 'integer', minimum: 1 },
          },
          required: ['dataset', 'purpose'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              policy: {
                type: 'object',
                properties: { name: { type: 'string' }, version: { type: 'integer' } },
              },
              purpose: { type: 'string' },
              dataset: { type: 'string' },
              fields: { type: 'array', items: { type: 'object', additionalProperties: true } },
              plan: { type: 'object', additionalProperties: true },
            },
          },
          ...serviceErrors,
        },
      },
    },
    async (request) => {
      const { dataset, purpose, version } = request.body;
      const result = await app.veil.protection.explain({
        dataset,
        purpose,
        policy: request.params.name,
        ...(version !== undefined ? { policyVersion: version } : {}),
      });
      const e = result.explanation;
      return {
        policy: { name: result.name, version: result.version },
        purpose: e.purpose,
        dataset: e.dataset,
        fields: hideSecrets(e.fields),
        plan: hideSecrets(e.plan),
      };
    },
  );
}
