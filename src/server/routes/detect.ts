import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import {
  createAnalyzer,
  redactText,
  type Analyzer,
  type Finding,
  type NameModel,
} from '../../detect/index.js';
import { ENTITY_TYPES } from '../../taxonomy/entities.js';
import { authErrors, bearer } from '../schemas.js';

const MAX_TEXTS = 1000;
const MAX_TEXT_LENGTH = 100_000;

const requestSchema = {
  type: 'object',
  properties: {
    texts: {
      type: 'array',
      items: { type: 'string', maxLength: MAX_TEXT_LENGTH },
      minItems: 1,
      maxItems: MAX_TEXTS,
    },
    entities: {
      type: 'array',
      items: { type: 'string', enum: [...ENTITY_TYPES] },
      minItems: 1,
      uniqueItems: true,
    },
    threshold: { type: 'number', minimum: 0, maximum: 1 },
  },
  required: ['texts'],
  additionalProperties: false,
} as const;

const findingSchema = {
  type: 'object',
  properties: {
    entity: { type: 'string' },
    start: { type: 'integer' },
    end: { type: 'integer' },
    score: { type: 'number' },
    recognizer: { type: 'string' },
  },
} as const;

interface DetectBody {
  texts: string[];
  entities?: string[];
  threshold?: number;
}

export interface DetectRouteOptions {
  /** The name model for PERSON/LOCATION/ORGANIZATION; patterns only without it. */
  nameModel?: NameModel;
}

/** `POST /v1/detect` (texts → findings, offsets only) and `POST /v1/redact`; scope `protect`. */
export function detectRoutes(options: DetectRouteOptions = {}): FastifyPluginAsync {
  const defaultAnalyzer = createAnalyzer({ ...(options.nameModel ? { nameModel: options.nameModel } : {}) });
  const analyzerFor = (body: DetectBody): Analyzer =>
    body.entities || body.threshold !== undefined
      ? createAnalyzer({
          ...(options.nameModel ? { nameModel: options.nameModel } : {}),
          ...(body.entities ? { entities: body.entities } : {}),
          ...(body.threshold !== undefined ? { threshold: body.threshold } : {}),
        })
      : defaultAnalyzer;

  return async (app: FastifyInstance) => {
    app.post<{ Body: DetectBody }>(
      '/v1/detect',
      {
        config: { scope: 'protect' },
        schema: {
          tags: ['detect'],
          summary: 'Find personal data in texts; answers offsets and entity types, never the values',
          security: bearer,
          body: requestSchema,
          response: {
            200: {
              type: 'object',
              properties: {
                results: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { findings: { type: 'array', items: findingSchema } },
                  },
                },
              },
            },
            ...authErrors,
          },
        },
      },
      async (request) => {
        const analyzer = analyzerFor(request.body);
        const findings = analyzer.analyzeMany(request.body.texts);
        await auditAnalysis(app, request.apiKey?.id, 'detect', findings);
        return { results: findings.map((f) => ({ findings: f })) };
      },
    );

    app.post<{ Body: DetectBody }>(
      '/v1/redact',
      {
        config: { scope: 'protect' },
        schema: {
          tags: ['detect'],
          summary: 'Replace personal data in texts with <ENTITY> placeholders',
          security: bearer,
          body: requestSchema,
          response: {
            200: {
              type: 'object',
              properties: {
                results: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      text: { type: 'string' },
                      findings: { type: 'array', items: findingSchema },
                    },
                  },
                },
              },
            },
            ...authErrors,
          },
        },
      },
      async (request) => {
        const analyzer = analyzerFor(request.body);
        const results = request.body.texts.map((text) => {
          const findings = analyzer.analyze(text);
          return { text: redactText(text, findings), findings };
        });
        const findings = results.map((r) => r.findings);
        await auditAnalysis(app, request.apiKey?.id, 'redact', findings);
        app.veil.metrics.valuesProtected.inc({ operator: 'redact' }, findings.flat().length);
        return { results };
      },
    );
  };
}

/** Records how many texts and findings of which types, never the texts. */
async function auditAnalysis(
  app: FastifyInstance,
  actor: string | undefined,
  action: string,
  findings: Finding[][],
) {
  const entities = [...new Set(findings.flat().map((f) => f.entity))].sort();
  await app.veil.audit.append({
    actor: actor ?? 'anonymous',
    action,
    targetType: 'texts',
    details: { texts: findings.length, findings: findings.flat().length, entities },
  });
}
