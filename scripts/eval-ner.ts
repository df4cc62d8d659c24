/**
 * Evaluate the bundled name model on the held-out split (exact span match):
 *   npm run eval:ner [-- --model models/ner/model.json]
 * Prints per-entity precision/recall/F1 for WNUT 2017 dev, the held-out 20% of UNER EWT, both
 * together, and lowercased / UPPERCASED copies; then the calibration table of span scores.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeModel, ModelFile } from '../src/detect/ner/format.js';
import { Decoder } from '../src/detect/ner/model.js';
import { recased } from '../src/detect/ner/train/augment.js';
import { Sentence } from '../src/detect/ner/train/corpus.js';
import {
  calibratedScores,
  calibrationTable,
  evaluate,
  EvalResult,
} from '../src/detect/ner/train/evaluate.js';
import { CORPUS_FILES, splitCorpora } from '../src/detect/ner/train/split.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { model: { type: 'string', default: 'models/ner/model.json' } },
});
const read = (rel: string): string => readFileSync(resolve(root, rel), 'utf8');

const file = JSON.parse(read(args.model)) as ModelFile;
const params = decodeModel(file);
const decoder = new Decoder(params);
const split = splitCorpora({
  uner: read(CORPUS_FILES.uner),
  wnutTrain: read(CORPUS_FILES.wnutTrain),
  wnutDev: read(CORPUS_FILES.wnutDev),
});
const all = [...split.heldout.wnut, ...split.heldout.uner];

const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);

function report(name: string, sentences: Sentence[]): EvalResult {
  const r = evaluate(decoder, sentences);
  console.log(`\n${name} (${sentences.length} sentences)`);
  console.log('entity         P      R     F1   gold  pred');
  for (const [entity, m] of [...Object.entries(r.perEntity), ['micro', r.micro] as const]) {
    console.log(
      `${entity.padEnd(12)} ${pct(m.precision)} ${pct(m.recall)} ${pct(m.f1)} ${String(m.tp + m.fn).padStart(6)} ${String(m.tp + m.fp).padStart(5)}`,
    );
  }
  return r;
}

report('WNUT 2017 dev', split.heldout.wnut);
report('UNER EWT held-out 20%', split.heldout.uner);
const combined = report('held-out, both', all);
report(
  'held-out, lowercased',
  all.map((s) => recased(s, 'lower')),
);
report(
  'held-out, UPPERCASED',
  all.map((s) => recased(s, 'upper')),
);

const scores = calibratedScores(combined.spans, params.platt);
const table = calibrationTable(
  scores,
  combined.spans.map((s) => s.overlaps),
);
console.log('\ncalibration of span scores on held-out, both (right = same type, overlapping a true name)');
console.log('score bin     spans  mean score  observed precision');
for (const b of table.bins) {
  if (b.count === 0) continue;
  console.log(
    `[${b.lo.toFixed(1)}, ${b.hi.toFixed(1)})  ${String(b.count).padStart(6)}  ${b.meanScore.toFixed(3).padStart(10)}  ${b.precision.toFixed(3).padStart(18)}`,
  );
}
const cal = (file.meta as { calibration?: { crossFittedEce?: number } }).calibration;
console.log(
  `ECE ${table.ece.toFixed(4)} (calibrator fit on out-of-fold decodes of the training split; cross-fitted ECE there: ${cal?.crossFittedEce ?? 'n/a'})`,
);
