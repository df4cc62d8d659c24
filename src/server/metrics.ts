import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { VeilContext } from './context.js';

/** One registry per server, so several servers (tests) never share or clash over metrics. */
export function createMetrics(): VeilContext['metrics'] & { install(app: FastifyInstance): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'veil_' });
  const requests = new Counter({
    name: 'veil_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'veil_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'veil_http_errors_total',
    help: 'HTTP responses with status >= 400, by route and class (client or server)',
    labelNames: ['route', 'class'] as const,
    registers: [registry],
  });
  const valuesProtected = new Counter({
    name: 'veil_values_protected_total',
    help: 'Field values protected, by operator',
    labelNames: ['operator'] as const,
    registers: [registry],
  });

  function install(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, never the raw URL: bounded label cardinality, no values in labels.
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      requests.inc(labels);
      latency.observe(labels, reply.elapsedTime / 1000);
      if (reply.statusCode >= 400)
        errors.inc({ route, class: reply.statusCode >= 500 ? 'server' : 'client' });
    });
    app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  }

  return { registry, valuesProtected, install };
}
