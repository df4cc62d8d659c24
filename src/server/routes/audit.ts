import type { FastifyInstance } from 'fastify';
import type { AuditEntry } from '../../store/audit.js';
import { authErrors, bearer } from '../schemas.js';

const entrySchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    ts: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    action: { type: 'string' },
    target_type: { type: ['string', 'null'] },
    target_id: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true },
    prev_hash: { type: 'string' },
    hash: { type: 'string' },
  },
} as const;

const listQuery = {
  type: 'object',
  properties: {
    actor: { type: 'string', maxLength: 200 },
    action: { type: 'string', maxLength: 200 },
    target_type: { type: 'string', maxLength: 200 },
    target_id: { type: 'string', maxLength: 500 },
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
    cursor: { type: 'integer', minimum: 0, description: 'next_cursor of the previous page' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
  additionalProperties: false,
} as const;

interface ListQuery {
  actor?: string;
  action?: string;
  target_type?: string;
  target_id?: string;
  since?: string;
  until?: string;
  cursor?: number;
  limit?: number;
}

function toWire(entry: AuditEntry): Record<string, unknown> {
  return {
    seq: entry.seq,
    ts: entry.ts.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    details: entry.details,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: ListQuery }>(
    '/v1/audit',
    {
      config: { scope: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, oldest first, filtered and paginated by seq cursor',
        security: bearer,
        querystring: listQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              entries: { type: 'array', items: entrySchema },
              next_cursor: { type: ['integer', 'null'] },
            },
          },
          ...authErrors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await app.veil.audit.list({
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.target_type !== undefined ? { targetType: q.target_type } : {}),
        ...(q.target_id !== undefined ? { targetId: q.target_id } : {}),
        ...(q.since !== undefined ? { since: new Date(q.since) } : {}),
        ...(q.until !== undefined ? { until: new Date(q.until) } : {}),
        ...(q.cursor !== undefined ? { afterSeq: q.cursor } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
      });
      return { entries: page.entries.map(toWire), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/audit/verify',
    {
      config: { scope: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Walk the hash chain and report the first edited, deleted or reordered entry',
        security: bearer,
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              checked: { type: 'integer' },
              head_seq: { type: 'integer' },
              problem: {
                type: 'object',
                properties: {
                  seq: { type: 'integer' },
                  kind: { type: 'string' },
                  message: { type: 'string' },
                },
              },
            },
          },
          ...authErrors,
        },
      },
    },
    async (request) => {
      const result = await app.veil.audit.verify();
      await app.veil.audit.append({
        actor: request.apiKey?.id ?? 'anonymous',
        action: 'audit.verify',
        targetType: 'audit_log',
        details: { ok: result.ok, checked: result.checked },
      });
      return { ok: result.ok, checked: result.checked, head_seq: result.headSeq, problem: result.problem };
    },
  );
}
