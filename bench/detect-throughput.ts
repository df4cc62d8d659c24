/**
 * Free-text detection throughput and recall, Veil vs the npm peer `redact-pii`, in one run.
 *
 *   node --import tsx bench/detect-throughput.ts [--mb 50] [--reps 3] [--peer-mb 2]
 *
 * Each engine runs in a worker thread of its own, started for each repetition: its own heap, with
 * the young-generation size bin/veil.js and `scan text`'s workers run with.
 *
 * "batched" engines get the documents in runs of about 256 KB, as `veil scan text` hands them to
 * `analyzeMany` (each recognizer runs over many documents in turn); the others, one per call.
 *
 * Corpus: a ~50 MB mix of the seeded SYNTHETIC labelled documents (bench/detect-corpus.ts) and
 * real web sentences (UNER English EWT dev, WNUT-17 train) from ../shared/data/ner. Engines run
 * one after another in each repetition (alternating order); the median is reported. The peer,
 * redact-pii, runs on the first --peer-mb megabytes of the same corpus to keep the run short.
 * Recall: on a labelled sample, the share of gold values no longer present in each engine's
 * redacted output (type-agnostic, so the engines' different labels do not matter).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { createAnalyzer, redactText } from '../src/detect/index.js';
import { startModuleWorker } from '../src/engine/module-worker.js';
import { defaultModelPath, loadNameModel } from '../src/detect/ner/index.js';
import { hashFraction } from '../src/detect/ner/train/prng.js';
import { UNER_TRAIN_FRACTION } from '../src/detect/ner/train/split.js';
import { mixedCorpus, NER_DIR, syntheticCorpus, type LabelledDoc } from './detect-corpus.js';

const require = createRequire(import.meta.url);
const { SyncRedactor } = require('redact-pii') as {
  SyncRedactor: new () => { redact(text: string): string };
};

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

/** CPU seconds (user + system) of this process: robust when other work shares the cores. */
function time(run: () => void): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  run();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function recall(
  docs: LabelledDoc[],
  redact: (text: string) => string,
): { all: number; byEntity: Map<string, number> } {
  const hits = new Map<string, [number, number]>();
  for (const doc of docs) {
    const out = redact(doc.text);
    for (const g of doc.spans) {
      const value = doc.text.slice(g.start, g.end);
      const h = hits.get(g.entity) ?? [0, 0];
      h[1]++;
      if (!out.includes(value)) h[0]++;
      hits.set(g.entity, h);
    }
  }
  let found = 0;
  let total = 0;
  const byEntity = new Map<string, number>();
  for (const [e, [f, t]] of hits) {
    found += f;
    total += t;
    byEntity.set(e, f / t);
  }
  return { all: found / total, byEntity };
}

/** What one engine worker is given: its engine and the documents it runs over. */
interface EngineJob {
  engine: EngineName;
  docs: string[];
}

type EngineName = 'patterns' | 'patterns-batched' | 'full' | 'full-batched' | 'redact-pii';

const ENGINE_LABEL: Record<EngineName, string> = {
  patterns: 'veil patterns-only',
  'patterns-batched': 'veil patterns-only, batched',
  full: 'veil full (with name model)',
  'full-batched': 'veil full, batched',
  'redact-pii': 'redact-pii (SyncRedactor)',
};

/** In a worker: builds the engine once, then runs it over the documents for each 'run' message. */
function engineWorker(job: EngineJob): void {
  let run: () => void;
  if (job.engine === 'redact-pii') {
    const peer = new SyncRedactor();
    run = () => job.docs.forEach((d) => peer.redact(d));
  } else {
    const analyzer = createAnalyzer(job.engine.startsWith('full') ? { nameModel: loadNameModel() } : {});
    const batches = batchesOf(job.docs);
    run = job.engine.endsWith('batched')
      ? () => batches.forEach((b) => analyzer.analyzeMany(b))
      : () => job.docs.forEach((d) => analyzer.analyze(d));
  }
  // Warm up (compile the hot paths) on a slice before the timed runs.
  const all = job.docs;
  job.docs = all.slice(0, 2000);
  run();
  job.docs = all;
  parentPort!.on('message', () => parentPort!.postMessage(time(run)));
  parentPort!.postMessage('ready');
}

/**
 * A worker thread per engine: each has its own heap (one engine's data never taxes another's
 * garbage collection) with the young generation bin/veil.js and `scan text`'s workers use.
 */
class EngineHandle {
  private readonly worker: Worker;
  private readonly replies: Array<(value: unknown) => void> = [];

  constructor(job: EngineJob) {
    this.worker = startModuleWorker(new URL(import.meta.url), { workerData: job });
    this.worker.on('message', (m) => this.replies.shift()?.(m));
    this.worker.on('error', (e) => {
      console.error(`engine ${job.engine} failed: ${e.message}`);
      process.exit(1);
    });
  }

  private next<T>(): Promise<T> {
    return new Promise((resolve) => this.replies.push(resolve as (value: unknown) => void));
  }

  ready(): Promise<unknown> {
    return this.next();
  }

  run(): Promise<{ wall: number; cpu: number }> {
    const reply = this.next<{ wall: number; cpu: number }>();
    this.worker.postMessage('run');
    return reply;
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

async function main(): Promise<void> {
  const mb = flag('--mb', 50);
  const reps = flag('--reps', 3);
  const peerMb = flag('--peer-mb', 2);
  const { docs, bytes } = mixedCorpus(mb);
  const peerDocs = mixedCorpus(peerMb);
  console.log(
    `corpus: ${docs.length} documents, ${(bytes / 1e6).toFixed(1)} MB; peer sample ${(peerDocs.bytes / 1e6).toFixed(1)} MB`,
  );

  const hasModel = existsSync(defaultModelPath());
  const names: EngineName[] = ['patterns', 'patterns-batched'];
  if (hasModel) names.push('full', 'full-batched');
  names.push('redact-pii');
  const sizes = new Map(names.map((n) => [n, n === 'redact-pii' ? peerDocs.bytes : bytes]));
  const seconds = new Map<EngineName, Array<{ wall: number; cpu: number }>>(names.map((n) => [n, []]));
  // One engine at a time, so no two compete for the cores.
  for (let r = 0; r < reps; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const engine = new EngineHandle({ engine: name, docs: name === 'redact-pii' ? peerDocs.docs : docs });
      await engine.ready();
      seconds.get(name)!.push(await engine.run());
      await engine.stop();
    }
  }
  console.log('\nthroughput per core (median of reps; MB = 10^6 UTF-8 bytes; CPU = user+system time)');
  const mbps = new Map<EngineName, number>();
  for (const name of names) {
    const size = sizes.get(name)!;
    const cpu = median(seconds.get(name)!.map((t) => t.cpu));
    const wall = median(seconds.get(name)!.map((t) => t.wall));
    mbps.set(name, size / 1e6 / cpu);
    const rate = (s: number): string => (size / 1e6 / s).toFixed(2).padStart(7);
    console.log(
      `  ${ENGINE_LABEL[name].padEnd(30)} ${rate(cpu)} MB/s per CPU-second  ${rate(wall)} MB/s wall  (${(size / 1e6).toFixed(1)} MB)`,
    );
  }
  const peerRate = mbps.get('redact-pii')!;
  for (const [name, rate] of mbps)
    if (name !== 'redact-pii')
      console.log(`  ratio ${ENGINE_LABEL[name]} / redact-pii: ${(rate / peerRate).toFixed(1)}x`);

  const patterns = createAnalyzer();
  const full = hasModel ? createAnalyzer({ nameModel: loadNameModel() }) : undefined;
  const peer = new SyncRedactor();
  const sample = syntheticCorpus(2000, 99);
  const web = webWithNames();
  const rows: Array<[string, (t: string) => string]> = [
    ['veil patterns-only', (t) => redactText(t, patterns.analyze(t))],
    ...(full
      ? [['veil full', (t: string) => redactText(t, full.analyze(t))] as [string, (t: string) => string]]
      : []),
    ['redact-pii', (t) => peer.redact(t)],
  ];
  console.log('\nrecall on labelled samples (gold value gone from the redacted text)');
  for (const [name, redact] of rows) {
    const syn = recall(sample, redact);
    const names = web.length ? recall(web, redact).all : NaN;
    console.log(
      `  ${name.padEnd(20)} synthetic (2000 docs, SYNTHETIC): ${syn.all.toFixed(3)}   PERSON on held-out UNER EWT dev (real): ${names.toFixed(3)}`,
    );
  }
  console.log('\nper-type recall on the synthetic sample');
  const per = rows.map(([name, redact]) => [name, recall(sample, redact).byEntity] as const);
  const types = [...per[0]![1].keys()].sort();
  console.log(`  ${'entity'.padEnd(20)} ${per.map(([n]) => n.padStart(20)).join('')}`);
  for (const t of types)
    console.log(`  ${t.padEnd(20)} ${per.map(([, m]) => (m.get(t) ?? 0).toFixed(3).padStart(20)).join('')}`);
}

/** The corpus cut as `veil scan text` cuts its input: runs of documents of about 256 KB. */
function batchesOf(docs: string[]): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let size = 0;
  for (const d of docs) {
    batch.push(d);
    size += Buffer.byteLength(d);
    if (size >= 256 * 1024) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Held-out UNER dev sentences with their PERSON spans (real text, labelled by the UNER project). */
function webWithNames(): LabelledDoc[] {
  const path = join(NER_DIR, 'uner_en_ewt_dev.iob2');
  if (!existsSync(path)) return [];
  const docs: LabelledDoc[] = [];
  let doc: LabelledDoc | undefined;
  let cursor = 0;
  let sentId = '';
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('# sent_id = ')) sentId = line.slice(12).trim();
    if (line.startsWith('# text = ')) {
      doc = { text: line.slice(9), spans: [] };
      // Only the 20% of sentences the name model did not train on.
      if (hashFraction(`uner:${sentId}`) >= UNER_TRAIN_FRACTION) docs.push(doc);
      cursor = 0;
      continue;
    }
    const cols = line.split('\t');
    if (!doc || cols.length < 3 || line.startsWith('#')) continue;
    const at = doc.text.indexOf(cols[1]!, cursor);
    if (at < 0) continue;
    cursor = at + cols[1]!.length;
    const last = doc.spans[doc.spans.length - 1];
    if (cols[2] === 'B-PER') doc.spans.push({ entity: 'PERSON', start: at, end: cursor });
    else if (cols[2] === 'I-PER' && last) last.end = cursor;
  }
  return docs.filter((d) => d.spans.length > 0);
}

if (isMainThread) void main();
else engineWorker(workerData as EngineJob);
