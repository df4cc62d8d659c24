import type { FastifyInstance } from 'fastify';

const READY_TIMEOUT_MS = 2000;

const statusSchema = {
  type: 'object',
  properties: { status: { type: 'string' }, store: { type: 'string' } },
  required: ['status'],
} as const;

/** Liveness (the process answers) and readiness (the store answers a query in time). */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { tags: ['operations'], summary: 'Liveness', response: { 200: statusSchema } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the metadata store answers',
        response: { 200: statusSchema, 503: statusSchema },
      },
    },
    async (_request, reply) => {
      const store = app.veil.db.kind;
      try {
        await withTimeout(app.veil.db.query('SELECT 1'), READY_TIMEOUT_MS);
        return { status: 'ready', store };
      } catch {
        return reply.code(503).send({ status: 'unavailable', store });
      }
    },
  );
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
