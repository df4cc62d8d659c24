import type { FastifyInstance } from 'fastify';
import type { RevealEvent } from '../../crypto/audit.js';
import { VeilError } from '../../core/errors.js';
import { bearer, datasetName, policyName, purposeName, serviceErrors } from '../schemas.js';

export const MAX_RECORDS = 10_000;

const requestProperties = {
  dataset: datasetName,
  purpose: purposeName,
  policy: {
    ...policyName,
    description: 'Policy name; default: the only active policy declaring the dataset',
  },
  records: {
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    maxItems: MAX_RECORDS,
  },
} as const;

const policyRef = {
  type: 'object',
  properties: { name: { type: 'string' }, version: { type: 'integer' } },
} as const;

interface ProtectBody {
  dataset: string;
  purpose: string;
  policy?: string;
  records: Record<string, unknown>[];
}

interface RevealBody extends ProtectBody {
  policy_version?: number;
  fields?: string[];
}

/** `POST /v1/protect` (scope protect) and `POST /v1/reveal` (scope reveal); both audited, never with values. */
export async function protectRoutes(app: FastifyInstance): Promise<void> {
  const service = app.veil.protection;
  app.post<{ Body: ProtectBody }>(
    '/v1/protect',
    {
      config: { scope: 'protect' },
      schema: {
        tags: ['protect'],
        summary: 'Records as the active policy makes them for a purpose: fields transformed, kept or dropped',
        security: bearer,
        body: {
          type: 'object',
          properties: requestProperties,
          required: ['dataset', 'purpose', 'records'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              policy: policyRef,
              dataset: { type: 'string' },
              purpose: { type: 'string' },
              records: { type: 'array', items: { type: 'object', additionalProperties: true } },
            },
          },
          ...serviceErrors,
        },
      },
    },
    async (request) => {
      const { dataset, purpose, policy, records } = request.body;
      const result = await service.protect({ dataset, purpose, ...(policy ? { policy } : {}) }, records);
      const counts = Object.fromEntries(result.counts);
      for (const [operator, n] of result.counts) app.veil.metrics.valuesProtected.inc({ operator }, n);
      await app.veil.audit.append({
        actor: request.apiKey?.id ?? 'anonymous',
        action: 'protect',
        targetType: 'dataset',
        targetId: dataset,
        details: {
          purpose,
          policy: result.name,
          policy_version: result.version,
          records: records.length,
          ...counts,
        },
      });
      return {
        policy: { name: result.name, version: result.version },
        dataset,
        purpose,
        records: result.records,
      };
    },
  );

  app.post<{ Body: RevealBody }>(
    '/v1/reveal',
    {
      config: { scope: 'reveal' },
      schema: {
        tags: ['protect'],
        summary: 'Decrypt or de-tokenize the reversible fields of protected records (audited)',
        security: bearer,
        body: {
          type: 'object',
          properties: {
            ...requestProperties,
            policy_version: {
              type: 'integer',
              minimum: 1,
              description: 'Needs policy; default the active version',
            },
            fields: {
              type: 'array',
              items: { type: 'string', minLength: 1, maxLength: 200 },
              uniqueItems: true,
              description: 'Reveal only these fields (default: every reversible field of the plan)',
            },
          },
          required: ['dataset', 'purpose', 'records'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              policy: policyRef,
              fields: { type: 'array', items: { type: 'string' } },
              records: { type: 'array', items: { type: 'object', additionalProperties: true } },
              erased: {
                type: 'integer',
                description: 'Values of crypto-shredded subjects (returned as null)',
              },
            },
          },
          ...serviceErrors,
        },
      },
    },
    async (request) => {
      const body = request.body;
      if (body.policy_version !== undefined && body.policy === undefined) {
        throw new VeilError('usage', 'policy_version needs policy', { where: 'policy_version' });
      }
      const actor = request.apiKey?.id ?? 'anonymous';
      const req = {
        dataset: body.dataset,
        purpose: body.purpose,
        actor,
        ...(body.policy ? { policy: body.policy } : {}),
        ...(body.policy_version ? { policyVersion: body.policy_version } : {}),
        ...(body.fields ? { fields: body.fields } : {}),
      };
      const audit = (events: RevealEvent[], outcome: Record<string, string | number>) =>
        app.veil.audit.append({
          actor,
          action: 'reveal',
          targetType: 'dataset',
          targetId: body.dataset,
          details: { purpose: body.purpose, records: body.records.length, ...summarize(events), ...outcome },
        });
      try {
        const result = await service.reveal(req, body.records);
        await audit(result.events, { policy: result.name, policy_version: result.version, outcome: 'ok' });
        const erased = result.events.reduce((n, e) => n + e.erased, 0);
        return {
          policy: { name: result.name, version: result.version },
          fields: result.fields,
          records: result.records,
          erased,
        };
      } catch (err) {
        const events = (err as { revealEvents?: RevealEvent[] }).revealEvents ?? [];
        await audit(events, {
          outcome: 'failed',
          error: err instanceof VeilError ? (err.code ?? err.kind) : 'internal',
        });
        throw err;
      }
    },
  );
}

/** Which keys and versions were used for how many values; never the values. */
function summarize(events: RevealEvent[]): Record<string, number | string[]> {
  return {
    revealed: events.reduce((n, e) => n + e.count, 0),
    erased: events.reduce((n, e) => n + e.erased, 0),
    failed: events.reduce((n, e) => n + e.failed, 0),
    operators: [...new Set(events.map((e) => e.operator))].sort(),
    keys: [...new Set(events.flatMap((e) => e.versions.map((v) => `${e.keyId}@v${v}`)))].sort(),
  };
}
