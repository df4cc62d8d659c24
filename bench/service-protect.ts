/**
 * POST /v1/protect against a real `veil serve` on 127.0.0.1 (child process, embedded store, default
 * info logging): batches of 100 records under a 6-rule policy (pseudonymize, mask, bucket,
 * redact_entities, encrypt, deny). Reports field values per second at maximum load (autocannon,
 * closed loop) and p99 latency under a steady open-loop load (see `paced`) at 80% of that maximum
 * and at 80% of the goal load (80,000 field values/s), beside a trivial Fastify route and a Fastify
 * route echoing the same batch, each in its own child process, measured in the same run. The load
 * generators run in this process and share the machine's cores with the server, as a co-located
 * client would.
 *
 *   node --import tsx bench/service-protect.ts [seconds-per-run] [repetitions]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './harness.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const seconds = Number(process.argv[2] ?? 10);
const repetitions = Number(process.argv[3] ?? 3);
const BATCH = 100;
const FIELDS = 6;
/** 80% of the goal load of 100,000 field values per second. */
const GOAL_AT_80 = 80_000;

type AtRate = 'max' | 'goal';
interface Rate {
  rate: number;
  p99: number[];
  serverP99: number[];
  rps: number[];
}
interface Runs {
  rps: number[];
  p99: number[];
  /** Fixed-rate runs: at 80% of the measured maximum, and at 80% of the goal load. */
  at?: Partial<Record<AtRate, Rate>>;
}
const VEIL_BIN = fileURLToPath(new URL('../bin/veil.js', import.meta.url));

const POLICY = `version: 1
datasets:
  events:
    fields:
      user_id: user.unique_id
      email: user.contact.email
      age: user.demographic.age_range
      note: user.content.message
      phone: user.contact.phone_number
      national_id: user.government_id
rules:
  - { purpose: analytics, category: user.unique_id, transform: { op: pseudonymize, key: ids } }
  - { purpose: analytics, category: user.contact.email, transform: { op: mask, keep_last: 4, skip: "@." } }
  - { purpose: analytics, category: user.demographic.age_range, transform: { op: bucket, size: 10 } }
  - { purpose: analytics, category: user.content.message, transform: { op: redact_entities } }
  - { purpose: analytics, category: user.contact.phone_number, transform: { op: encrypt, key: pii } }
  - { purpose: analytics, category: user.government_id, action: deny }
`;

function batch(seed: number): string {
  const records = Array.from({ length: BATCH }, (_, i) => {
    const n = seed * BATCH + i;
    return {
      user_id: `user-${n}`,
      email: `person.${n}@example.org`,
      age: 18 + (n % 70),
      note:
        n % 3 ? `order ${n} shipped, thanks` : `call me on +1 415 555 ${String(n % 10000).padStart(4, '0')}`,
      phone: `+44 20 7946 ${String(n % 10000).padStart(4, '0')}`,
      national_id: `${String(n).padStart(9, '0')}`,
    };
  });
  return JSON.stringify({ dataset: 'events', purpose: 'analytics', records });
}

function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = ready.exec(err);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  }).then((s) => Object.assign(s as { child: ChildProcess; url: string }, { stderr: () => err }));
}

const TRIVIAL = `
import Fastify from 'fastify';
const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
app.get('/trivial', async () => ({ ok: true }));
app.post('/echo', async (request) => request.body);
await app.listen({ port: 0, host: '127.0.0.1' });
process.stderr.write('listening on http://127.0.0.1:' + app.server.address().port + '\\n');
`;

async function call(url: string, token: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'veil-bench-service-'));
  const env = {
    VEIL_MASTER_KEY: randomBytes(32).toString('base64'),
    VEIL_RATE_LIMIT: 'off',
    DATABASE_URL: '',
  };
  const veil = await start(
    [
      ...(process.env.VEIL_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      VEIL_BIN,
      'serve',
      '--port',
      '0',
      '--db',
      join(dir, 'db'),
      '--bootstrap-admin',
    ],
    env,
    /serving on (http:\/\/[\d.]+:\d+)/,
  );
  const trivial = await start(
    ['--input-type=module', '-e', TRIVIAL],
    {},
    /listening on (http:\/\/[\d.]+:\d+)/,
  );
  const children: ChildProcess[] = [veil.child, trivial.child];
  try {
    const admin = /veil_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(
      (veil as unknown as { stderr: () => string }).stderr(),
    )![0];
    await call(`${veil.url}/v1/keys`, admin, { id: 'ids' });
    await call(`${veil.url}/v1/keys`, admin, { id: 'pii' });
    await call(`${veil.url}/v1/policies/bench/versions`, admin, { yaml: POLICY, activate: true });
    const bodies = Array.from({ length: 32 }, (_, i) => batch(i));
    const auth = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    let next = 0;
    const rotate = (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] });
    const targets = {
      protect: {
        url: `${veil.url}/v1/protect`,
        method: 'POST',
        headers: auth,
        requests: [{ setupRequest: rotate }],
      },
      'trivial GET': { url: `${trivial.url}/trivial`, method: 'GET', headers: {} },
      'echo same batch': {
        url: `${trivial.url}/echo`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: rotate }],
      },
    };
    await autocannon({ ...targets.protect, connections: 8, duration: 3 }); // warm-up (JIT, caches)
    const runs: Record<string, Runs> = {};
    for (let rep = 0; rep < repetitions; rep++) {
      for (const [name, target] of Object.entries(targets)) {
        const max = await autocannon({ ...target, connections: 8, duration: seconds });
        if (max.non2xx || max.errors) throw new Error(`${name}: ${max.non2xx} non-2xx, ${max.errors} errors`);
        const run = (runs[name] ??= { rps: [], p99: [] });
        run.rps.push(max.requests.average);
        run.p99.push(max.latency.p99);
        if (name !== 'protect') continue;
        const rates: [AtRate, number][] = [
          ['max', Math.floor(max.requests.average * 0.8)],
          ['goal', Math.floor(GOAL_AT_80 / (BATCH * FIELDS))],
        ];
        for (const [of, rate] of rates) {
          const before = await serverBuckets(veil.url);
          const at80 = await paced(target.url, auth, bodies, rate, seconds);
          if (process.env.VEIL_BENCH_VERBOSE) console.log(JSON.stringify({ rate, ...at80 }));
          const at = ((run.at ??= {})[of] ??= { rate, p99: [], serverP99: [], rps: [] });
          at.p99.push(at80.p99);
          at.serverP99.push(bucketP99(before, await serverBuckets(veil.url)));
          at.rps.push(at80.rps);
        }
      }
    }
    report(runs);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(runs: Record<string, Runs>): void {
  const p = runs.protect!;
  const rps = median(p.rps);
  const values = rps * BATCH * FIELDS;
  console.log(
    `POST /v1/protect, ${BATCH} records x ${FIELDS} fields, 6-rule policy, ${seconds}s runs, median of ${repetitions}`,
  );
  console.log(
    `  max load: ${rps.toFixed(0)} req/s = ${values.toFixed(0)} field values/s (goal >= 100000); p99 ${median(p.p99).toFixed(1)} ms`,
  );
  const labels = { max: '80% of max load', goal: '80% of the goal load (80,000 values/s)' };
  for (const [of, at] of Object.entries(p.at!) as [AtRate, Rate][]) {
    console.log(
      `  at ${labels[of]}: ${at.rate} req/s asked, ${median(at.rps).toFixed(0)} achieved: p99 ${median(at.p99).toFixed(1)} ms (goal < 50 ms); ` +
        `server-side p99 <= ${median(at.serverP99) * 1000} ms (Prometheus bucket bound)`,
    );
  }
  for (const name of ['trivial GET', 'echo same batch']) {
    const r = median(runs[name]!.rps);
    console.log(
      `  ${name}: ${r.toFixed(0)} req/s, p99 ${median(runs[name]!.p99).toFixed(1)} ms; protect / ${name} = ${(rps / r).toFixed(3)}x`,
    );
  }
}

/**
 * An open-loop load at a steady rate: request i is due at start + i / rate and its latency counts
 * from that due time, so a slow server cannot slow the load down (no coordinated omission).
 * autocannon's overallRate is not used for this: each connection sends its per-second quota
 * back to back at the start of every second (bursts at full concurrency), and its omission
 * correction takes ceil(1 / rate) as the interval, i.e. 1 ms whatever the rate.
 */
async function paced(
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  rate: number,
  seconds: number,
): Promise<{ rps: number; p50: number; p99: number; max: number }> {
  const total = Math.floor(rate * seconds);
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = bodies[i % bodies.length]!;
    inFlight.push(
      fetch(url, { method: 'POST', headers, body }).then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url}: status ${res.status}`);
        latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { rps: total / elapsed, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}

/** Cumulative counts of the server's own latency histogram for POST /v1/protect, by bucket bound. */
async function serverBuckets(url: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<number, number>();
  const line = /^veil_http_request_duration_seconds_bucket\{(.*)\} (\d+)$/gm;
  for (const m of text.matchAll(line)) {
    if (!m[1]!.includes('route="/v1/protect"') || !m[1]!.includes('status="200"')) continue;
    const le = /le="([^"]+)"/.exec(m[1]!)![1]!;
    out.set(le === '+Inf' ? Infinity : Number(le), Number(m[2]));
  }
  return out;
}

/** The smallest bucket bound holding 99% of the requests between two snapshots. */
function bucketP99(before: Map<number, number>, after: Map<number, number>): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  return bounds.find((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0) >= 0.99 * total) ?? Infinity;
}

await main();
