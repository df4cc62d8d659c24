/**
 * `npm run eval:detect`: precision, recall, F1 and F2 per entity type, plus precision per score
 * bin (calibration), on
 *   1. the SYNTHETIC labelled corpus of bench/detect-corpus.ts (pattern entity types; seeded), and
 *   2. the NER dev corpora in ../shared/data/ner (PERSON, LOCATION, ORGANIZATION: UNER English
 *      EWT dev and WNUT-17 dev), with the name model.
 * A finding counts as correct when it has the gold entity type and overlaps the gold span.
 * Flags: --docs N (synthetic documents, default 3000), --no-names, --ner-dir DIR.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticCorpus, type GoldSpan, type LabelledDoc } from '../bench/detect-corpus.js';
import { createAnalyzer, type Finding } from '../src/detect/index.js';
import { defaultModelPath, loadNameModel } from '../src/detect/ner/index.js';
import { hashFraction } from '../src/detect/ner/train/prng.js';
import { UNER_TRAIN_FRACTION } from '../src/detect/ner/train/split.js';

/** The name model trains on 80% of UNER EWT dev; only the held-out 20% (same hash) is scored. */
const heldOut = (sentId: string): boolean => hashFraction(`uner:${sentId}`) >= UNER_TRAIN_FRACTION;

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
type Bins = Map<number, { right: number; total: number }>;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** Greedy one-to-one matching of findings to gold spans of the same type that overlap. */
export function score(docs: LabelledDoc[], predict: (text: string) => Finding[], only?: Set<string>) {
  const counts = new Map<string, Counts>();
  const bins: Bins = new Map();
  const c = (e: string): Counts => counts.get(e) ?? (counts.set(e, { tp: 0, fp: 0, fn: 0 }), counts.get(e)!);
  for (const doc of docs) {
    const used = new Set<GoldSpan>();
    for (const f of predict(doc.text)) {
      if (only && !only.has(f.entity)) continue;
      const gold = doc.spans.find(
        (g) => !used.has(g) && g.entity === f.entity && g.start < f.end && f.start < g.end,
      );
      if (gold) used.add(gold);
      c(f.entity)[gold ? 'tp' : 'fp']++;
      const bin = Math.min(9, Math.floor(f.score * 10));
      const b = bins.get(bin) ?? { right: 0, total: 0 };
      b.total++;
      if (gold) b.right++;
      bins.set(bin, b);
    }
    for (const g of doc.spans) if (!used.has(g) && (!only || only.has(g.entity))) c(g.entity).fn++;
  }
  return { counts, bins };
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '  -  ');

function fbeta(p: number, r: number, beta: number): number {
  const b2 = beta * beta;
  return p + r === 0 ? 0 : ((1 + b2) * p * r) / (b2 * p + r);
}

function printTable(title: string, counts: Map<string, Counts>): void {
  console.log(`\n## ${title}\n`);
  console.log('entity                      support    P      R      F1     F2');
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const [entity, k] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    total.tp += k.tp;
    total.fp += k.fp;
    total.fn += k.fn;
    printRow(entity, k);
  }
  printRow('ALL (micro)', total);
}

function printRow(name: string, k: Counts): void {
  const p = k.tp / (k.tp + k.fp);
  const r = k.tp / (k.tp + k.fn);
  const row = [fmt(p), fmt(r), fmt(fbeta(p, r, 1)), fmt(fbeta(p, r, 2))].join('  ');
  console.log(`${name.padEnd(26)} ${String(k.tp + k.fn).padStart(8)}  ${row}`);
}

function printBins(title: string, bins: Bins): void {
  console.log(`\n${title}: precision per score bin (calibration)`);
  for (const [bin, b] of [...bins].sort(([a], [b2]) => a - b2)) {
    console.log(
      `  score ${(bin / 10).toFixed(1)}-${((bin + 1) / 10).toFixed(1)}: ${fmt(b.right / b.total)} of ${b.total}`,
    );
  }
}

/** UNER IOB2 (`# text = ...` then `idx token tag`): offsets found by searching the text. */
function readIob2(path: string): LabelledDoc[] {
  const docs: LabelledDoc[] = [];
  let text = '';
  let cursor = 0;
  let spans: GoldSpan[] = [];
  let open: GoldSpan | undefined;
  let sentId = '';
  const flush = (): void => {
    if (text && heldOut(sentId)) docs.push({ text, spans });
    [text, cursor, spans, open] = ['', 0, [], undefined];
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('# sent_id = ')) {
      flush();
      sentId = line.slice(12).trim();
      continue;
    }
    if (line.startsWith('# text = ')) {
      text = line.slice(9);
      continue;
    }
    const cols = line.split('\t');
    if (cols.length < 3 || line.startsWith('#')) continue;
    const [token = '', tag = 'O'] = [cols[1], cols[2]];
    const at = text.indexOf(token, cursor);
    if (at < 0) continue;
    cursor = at + token.length;
    open = extend(spans, open, tag, at, cursor, UNER_TYPES);
  }
  flush();
  return docs;
}

/** WNUT-17 CoNLL (`token\ttag`, blank line between sentences): text is tokens joined by spaces. */
function readConll(path: string): LabelledDoc[] {
  const docs: LabelledDoc[] = [];
  let tokens: string[] = [];
  let spans: GoldSpan[] = [];
  let open: GoldSpan | undefined;
  let length = 0;
  for (const line of [...readFileSync(path, 'utf8').split('\n'), '']) {
    if (line.trim() === '') {
      if (tokens.length) docs.push({ text: tokens.join(' '), spans });
      [tokens, spans, open, length] = [[], [], undefined, 0];
      continue;
    }
    const [token = '', tag = 'O'] = line.split('\t');
    const start = length + (tokens.length ? 1 : 0);
    tokens.push(token);
    length = start + token.length;
    open = extend(spans, open, tag, start, length, WNUT_TYPES);
  }
  return docs;
}

const UNER_TYPES: Record<string, string> = { PER: 'PERSON', LOC: 'LOCATION', ORG: 'ORGANIZATION' };
const WNUT_TYPES: Record<string, string> = {
  person: 'PERSON',
  location: 'LOCATION',
  corporation: 'ORGANIZATION',
  group: 'ORGANIZATION',
};

function extend(
  spans: GoldSpan[],
  open: GoldSpan | undefined,
  tag: string,
  start: number,
  end: number,
  types: Record<string, string>,
): GoldSpan | undefined {
  const entity = types[tag.slice(2)];
  if (tag.startsWith('I-') && open && entity === open.entity) {
    open.end = end;
    return open;
  }
  if (!entity || tag === 'O') return undefined;
  const span = { entity, start, end };
  spans.push(span);
  return span;
}

function main(): void {
  const n = Number(arg('--docs') ?? 3000);
  const patterns = createAnalyzer();
  const docs = syntheticCorpus(n, 7);
  const synthetic = score(docs, (t) => patterns.analyze(t));
  console.log(
    `# Veil detection evaluation\n\nSynthetic corpus: ${n} documents (seed 7), six languages; SYNTHETIC, see bench/detect-corpus.ts.`,
  );
  printTable('Pattern entity types on the synthetic corpus (threshold 0.4)', synthetic.counts);
  printBins('synthetic', synthetic.bins);

  const nerDir = arg('--ner-dir') ?? join(process.cwd(), '..', 'shared', 'data', 'ner');
  if (process.argv.includes('--no-names') || !existsSync(defaultModelPath())) {
    console.log('\n(name model skipped: --no-names or no bundled model)');
    return;
  }
  const full = createAnalyzer({ nameModel: loadNameModel() });
  const names = new Set(['PERSON', 'LOCATION', 'ORGANIZATION']);
  for (const [label, file, read] of [
    [
      'UNER English EWT dev, held-out 20% (not used to train the name model)',
      'uner_en_ewt_dev.iob2',
      readIob2,
    ],
    ['WNUT-17 dev', 'wnut17_dev.conll', readConll],
  ] as const) {
    const path = join(nerDir, file);
    if (!existsSync(path)) continue;
    const r = score(read(path), (t) => full.analyze(t), names);
    printTable(`${label}: name entity types, full engine`, r.counts);
    printBins(label, r.bins);
  }
}

main();
