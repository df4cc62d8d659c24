/**
 * Cross-validation of the name model on the TRAINING split only (the held-out split is never
 * read): npm run cv:ner [-- --folds 5 --repeats 3 --epochs 8 --buckets 16 --seed veil-ner-1]
 * Sentences of WNUT 2017 train and the training 80% of UNER EWT are dealt into folds by SHA-256 of
 * their id (a new dealing and seed per repeat); each fold is decoded by a model trained on the other folds. Prints pooled per-entity
 * F1 for the UNER and WNUT parts, with exact-span and overlap matching (overlap is what
 * `npm run eval:detect` counts), and the spread of UNER PERSON F1 over folds. --case also decodes
 * lowercased and UPPERCASED copies of every test sentence and prints their figures. This is the dev set
 * on which settings are chosen; the held-out figures are reported once, by eval:ner / eval:detect.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeModel, encodeModel } from '../src/detect/ner/format.js';
import { Gazetteer } from '../src/detect/ner/gazetteer.js';
import { Decoder } from '../src/detect/ner/model.js';
import { tagsToSpans, TokenSpan } from '../src/detect/ner/spans.js';
import { entityOfTag, NameEntity } from '../src/detect/ner/tags.js';
import { fromWords } from '../src/detect/ner/tokens.js';
import { Counts, prf } from '../src/detect/ner/train/evaluate.js';
import { recased } from '../src/detect/ner/train/augment.js';
import { withEntryBias } from '../src/detect/ner/train/bias.js';
import { crossValidate } from '../src/detect/ner/train/crossval.js';
import { gazetteerLists } from '../src/detect/ner/train/lists.js';
import { CORPUS_FILES, splitCorpora } from '../src/detect/ner/train/split.js';
import { TRAINING_OPTIONS, trainingSettings, wholeNumber } from './ner-options.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '3' },
    ...TRAINING_OPTIONS,
    bias: { type: 'string', default: '0,0,0' },
    case: { type: 'boolean', default: false },
  },
});
const K = wholeNumber('folds', args.folds, 2);
const R = wholeNumber('repeats', args.repeats, 1);
const settings = trainingSettings(args);
/** Entry-bias settings (PER,LOC,ORG) to compare, space-separated; each is decoded on every fold. */
const BIASES = args.bias.split(' ').map((b) => b.split(',').map(Number));
const read = (rel: string): string => readFileSync(resolve(root, rel), 'utf8');
const ENTITIES: NameEntity[] = ['PERSON', 'LOCATION', 'ORGANIZATION'];

type Tally = Map<string, Counts>;
const tally = (t: Tally, key: string): Counts =>
  t.get(key) ?? (t.set(key, { tp: 0, fp: 0, fn: 0 }), t.get(key) as Counts);

/** Exact and overlap (greedy one-to-one, same type) counts of one sentence into t. */
function score(pred: readonly TokenSpan[], gold: readonly TokenSpan[], part: string, t: Tally): void {
  const exact = new Set(gold.map((g) => `${g.begin}:${g.s}:${g.e}`));
  const used = new Set<TokenSpan>();
  for (const p of pred) {
    const e = entityOfTag(p.begin) as NameEntity;
    const hit = exact.delete(`${p.begin}:${p.s}:${p.e}`);
    tally(t, `${part} exact ${e}`)[hit ? 'tp' : 'fp']++;
    const g = gold.find((x) => !used.has(x) && x.begin === p.begin && x.s < p.e && p.s < x.e);
    if (g) used.add(g);
    tally(t, `${part} overlap ${e}`)[g ? 'tp' : 'fp']++;
  }
  for (const g of gold) {
    const e = entityOfTag(g.begin) as NameEntity;
    if (exact.has(`${g.begin}:${g.s}:${g.e}`)) tally(t, `${part} exact ${e}`).fn++;
    if (!used.has(g)) tally(t, `${part} overlap ${e}`).fn++;
  }
}

function main(): void {
  const split = splitCorpora({
    uner: read(CORPUS_FILES.uner),
    wnutTrain: read(CORPUS_FILES.wnutTrain),
    wnutDev: read(CORPUS_FILES.wnutDev),
  });
  const train = split.train;
  const lists = gazetteerLists();
  const gaz = new Gazetteer(lists);
  const { buckets } = settings;
  const pooled: Tally = new Map();
  const perFold: number[] = [];
  const t0 = performance.now();
  const opts = settings;
  for (let r = 0; r < R; r++) {
    for (const { test, trained } of crossValidate(train, gaz, opts, K, r)) {
      BIASES.forEach((bias, bi) => {
        const base = { buckets, temperature: 1, platt: { a: 1, b: 0 }, meta: {} };
        const trans = withEntryBias(trained.trans, bias);
        const decoder = new Decoder(decodeModel(encodeModel(trained.weights, trans, lists, base)));
        const fold: Tally = new Map();
        const gold: TokenSpan[] = [];
        for (const s of test) {
          const kind = s.id.startsWith('wnut') ? 'wnut' : 'uner';
          const copies = args.case ? [s, recased(s, 'lower'), recased(s, 'upper')] : [s];
          copies.forEach((c, ci) => {
            const { text, tokens } = fromWords(c.words);
            tagsToSpans(Uint8Array.from(c.tags), c.words.length, gold);
            const pred = decoder.decode(text, tokens, 0, c.words.length);
            const part = `${bi} ${kind}${['', '-lower', '-upper'][ci]}`;
            score(pred, gold, part, pooled);
            if (ci === 0) score(pred, gold, part, fold);
          });
        }
        if (bi === 0) perFold.push(prf(tally(fold, '0 uner overlap PERSON')).f1);
      });
    }
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(0);
  console.log(`${R} x ${K}-fold CV on the training split (${train.length} sentences, ${secs} s)`);
  console.log('part  match     entity         P      R     F1   gold');
  const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
  const parts = args.case
    ? ['0 uner', '0 wnut', '0 uner-lower', '0 wnut-lower', '0 uner-upper', '0 wnut-upper']
    : ['0 uner', '0 wnut'];
  for (const part of parts)
    for (const match of ['overlap', 'exact'])
      for (const e of ENTITIES) {
        const m = prf(tally(pooled, `${part} ${match} ${e}`));
        console.log(
          `${part}  ${match.padEnd(8)}  ${e.padEnd(12)}  ${pct(m.precision)}  ${pct(m.recall)}  ${pct(m.f1)}  ${String(m.tp + m.fn).padStart(5)}`,
        );
      }
  if (BIASES.length > 1) {
    console.log('overlap F1 by entry bias (PER,LOC,ORG): UNER PER LOC ORG | WNUT PER LOC ORG');
    BIASES.forEach((bias, bi) => {
      const f = (part: string): string =>
        ENTITIES.map((e) => pct(prf(tally(pooled, `${bi} ${part} overlap ${e}`)).f1)).join(' ');
      console.log(`${bias.join(',').padEnd(12)} ${f('uner')} | ${f('wnut')}`);
    });
  }
  console.log(
    `uner overlap PERSON F1 per fold (first setting): ${perFold.map((f) => (100 * f).toFixed(1)).join(' ')}`,
  );
}

main();
