/**
 * Name model throughput on a mixed corpus (prose from the NER corpora, tweets, log lines, records)
 * vs. two baselines over the same text: a regex whitespace split and Veil's own tokenizer pass.
 *   node --import tsx bench/ner-throughput.ts [--mb 2] [--reps 5]
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { faker } from '@faker-js/faker';
import { loadNameModel } from '../src/detect/ner/index.js';
import { syntheticNegatives } from '../src/detect/ner/train/augment.js';
import { TokenBuffer } from '../src/detect/ner/tokens.js';
import { tokenize } from '../src/detect/ner/tokenize.js';

const { values: args } = parseArgs({
  options: { mb: { type: 'string', default: '2' }, reps: { type: 'string', default: '5' } },
});

function corpusLines(): string[] {
  const lines: string[] = [];
  const uner = '../shared/data/ner/uner_en_ewt_dev.iob2';
  if (existsSync(uner)) {
    for (const l of readFileSync(uner, 'utf8').split('\n'))
      if (l.startsWith('# text = ')) lines.push(l.slice(9));
  }
  const wnut = '../shared/data/ner/wnut17_dev.conll';
  if (existsSync(wnut)) {
    for (const block of readFileSync(wnut, 'utf8').split(/\n\s*\n/u)) {
      lines.push(
        block
          .split('\n')
          .map((l) => l.split('\t')[0])
          .join(' '),
      );
    }
  }
  faker.seed(42);
  for (let i = 0; i < 2000; i++) {
    lines.push(
      `Customer ${faker.person.fullName()} (${faker.internet.email()}) from ${faker.location.city()}, ${faker.location.country()} called about order ${faker.string.uuid()}.`,
    );
  }
  for (const s of syntheticNegatives(3000, 'bench')) lines.push(s.words.join(' '));
  return lines;
}

function buildCorpus(targetBytes: number): string {
  const lines = corpusLines();
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const line = lines[(i * 7919) % lines.length] as string; // deterministic interleave of kinds
    parts.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return parts.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const text = buildCorpus(Number(args.mb) * 1024 * 1024);
const bytes = Buffer.byteLength(text);
const model = loadNameModel();
const buf = new TokenBuffer(1 << 16);
let sink = 0;
const candidates: Record<string, () => void> = {
  'regex split': () => {
    sink += text.split(/\s+/u).length;
  },
  'tokenizer only': () => {
    sink += tokenize(text, buf).n;
  },
  'name model': () => {
    sink += model.predict(text).length;
  },
};
model.predict(text.slice(0, 100000)); // warm up
// Wall time and process CPU time (per-core throughput, robust when the machine is shared).
const wall: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
for (let r = 0; r < Number(args.reps); r++) {
  for (const [name, fn] of Object.entries(candidates)) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    (wall[name] as number[]).push(performance.now() - t0);
    (cpu[name] as number[]).push((c.user + c.system) / 1000);
  }
}
const mbps = (ms: number): string => (bytes / 1048576 / (ms / 1000)).toFixed(2).padStart(8);
console.log(`corpus ${(bytes / 1048576).toFixed(2)} MiB, ${args.reps} alternating repetitions, medians`);
console.log(`${'pass'.padEnd(15)} ${'MB/s wall'.padStart(9)} ${'MB/s cpu'.padStart(9)}`);
for (const name of Object.keys(candidates)) {
  console.log(
    `${name.padEnd(15)} ${mbps(median(wall[name] as number[]))}  ${mbps(median(cpu[name] as number[]))}`,
  );
}
const ratio = (a: string, b: string): string =>
  (median(cpu[a] as number[]) / median(cpu[b] as number[])).toFixed(1);
console.log(`name model / tokenizer-only CPU time ratio: ${ratio('name model', 'tokenizer only')}x`);
console.log(
  `name model / regex-split CPU time ratio: ${ratio('name model', 'regex split')}x (sink ${sink > 0})`,
);
