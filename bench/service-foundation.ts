/**
 * The cost of Veil's service foundation per request, against a trivial Fastify route in the same
 * run: a public route (logging, metrics, error mapping) and an authenticated route (plus API-key
 * lookup in the store, rate limiting and scope check). Server and load generator share this
 * process, so absolute numbers are low-side; the ratios are the point.
 *
 *   node --import tsx bench/service-foundation.ts [seconds-per-run] [repetitions]
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import pino from 'pino';
import { buildServer } from '../src/server/app.js';
import { createLogger } from '../src/server/logging.js';
import { ApiKeys } from '../src/store/apikeys.js';
import { openStore } from '../src/store/open.js';
import { median } from './harness.js';

interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const seconds = Number(process.argv[2] ?? 5);
const repetitions = Number(process.argv[3] ?? 3);

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

async function main(): Promise<void> {
  const db = await openStore({ dataDir: ':memory:', databaseUrl: '' });
  const { token } = await new ApiKeys(db).create({ roles: ['protect'], createdBy: 'bench' });
  const veil = await buildServer({
    db,
    logger: createLogger({ destination: pino.destination('/dev/null') }),
    rateLimit: false,
    plugins: [
      async (app) => {
        app.get('/v1/bench/noop', { config: { scope: 'protect' } }, async () => ({ ok: true }));
      },
    ],
  });
  const trivial = Fastify({ logger: false });
  trivial.get('/trivial', async () => ({ ok: true }));
  const veilUrl = await listen(veil);
  const trivialUrl = await listen(trivial);

  const targets = {
    'trivial fastify route': { url: `${trivialUrl}/trivial`, headers: {} },
    'veil GET /healthz (public)': { url: `${veilUrl}/healthz`, headers: {} },
    'veil GET authenticated noop': {
      url: `${veilUrl}/v1/bench/noop`,
      headers: { authorization: `Bearer ${token}` },
    },
  };
  const runs: Record<string, { rps: number[]; p99: number[] }> = {};
  for (let rep = 0; rep < repetitions; rep++) {
    const names = Object.keys(targets);
    if (rep % 2) names.reverse(); // alternate order so no side always runs warmer
    for (const name of names) {
      const target = targets[name as keyof typeof targets];
      const result = await autocannon({
        url: target.url,
        headers: target.headers,
        connections: 10,
        duration: seconds,
      });
      if (result.non2xx || result.errors)
        throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      runs[name] ??= { rps: [], p99: [] };
      runs[name].rps.push(result.requests.average);
      runs[name].p99.push(result.latency.p99);
    }
  }
  const base = median(runs['trivial fastify route']?.rps ?? [1]);
  console.log(`${repetitions} repetitions x ${seconds}s, 10 connections, medians:`);
  for (const [name, r] of Object.entries(runs)) {
    const rps = median(r.rps);
    console.log(
      `${name.padEnd(30)} ${rps.toFixed(0).padStart(7)} req/s  p99 ${median(r.p99).toFixed(1)} ms  ratio ${(rps / base).toFixed(2)}`,
    );
  }
  await veil.close();
  await trivial.close();
  await db.close();
}

await main();
