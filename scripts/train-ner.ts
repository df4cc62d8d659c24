/**
 * Train the bundled name model (models/ner/model.json) deterministically:
 *   npm run train:ner [-- --epochs 8 --buckets 16 --seed veil-ner-1 --out models/ner/model.json]
 * Reads the corpora from ../shared/data/ner (see docs/ner.md), compiles gazetteers from
 * @faker-js/faker locale data, trains an averaged perceptron, calibrates scores on the held-out
 * split, and writes the model with its training metadata and held-out metrics.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { applyPlatt, fitPlatt, logLoss } from '../src/detect/ner/calibrate.js';
import { decodeModel, encodeModel } from '../src/detect/ner/format.js';
import { Gazetteer } from '../src/detect/ner/gazetteer.js';
import { GAZETTEER_SOURCES, gazetteerLists } from '../src/detect/ner/train/lists.js';
import { Decoder, ModelParams } from '../src/detect/ner/model.js';
import { fit } from '../src/detect/ner/train/fit.js';
import { Sentence } from '../src/detect/ner/train/corpus.js';
import {
  calibratedScores,
  calibrationTable,
  evaluate,
  EvalResult,
} from '../src/detect/ner/train/evaluate.js';
import { TrainedWeights } from '../src/detect/ner/train/perceptron.js';
import { CORPUS_FILES, Split, splitCorpora, UNER_TRAIN_FRACTION } from '../src/detect/ner/train/split.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '8' },
    buckets: { type: 'string', default: '16' },
    seed: { type: 'string', default: 'veil-ner-1' },
    negatives: { type: 'string', default: '600' },
    out: { type: 'string', default: 'models/ner/model.json' },
  },
});
const epochs = Number(args.epochs);
const buckets = 2 ** Number(args.buckets);

function read(rel: string): string {
  return readFileSync(resolve(root, rel), 'utf8');
}

function loadSplit(): Split {
  return splitCorpora({
    uner: read(CORPUS_FILES.uner),
    wnutTrain: read(CORPUS_FILES.wnutTrain),
    wnutDev: read(CORPUS_FILES.wnutDev),
  });
}

function trainWeights(split: Split, gaz: Gazetteer): TrainedWeights {
  const t0 = performance.now();
  const opts = { buckets, epochs, seed: args.seed, negatives: Number(args.negatives), log: console.log };
  const trained = fit(split.train, gaz, opts);
  console.log(`trained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return trained;
}

/** The temperature whose 2-fold cross-fitted Platt calibration has the lowest held-out log-loss. */
function chooseTemperature(params: ModelParams, heldout: Sentence[]): { temperature: number; ece: number } {
  let best = { temperature: 1, loss: Infinity, ece: 1 };
  for (const temperature of [1, 2, 4, 8, 16, 32, 64]) {
    const r = evaluate(new Decoder({ ...params, temperature }), heldout);
    const correct = r.spans.map((s) => s.correct);
    const cross = crossFitted(
      r.spans.map((s) => s.prob),
      correct,
      r.spans.map((s) => s.sentence),
    );
    const loss = logLoss(cross, correct);
    const { ece } = calibrationTable(cross, correct);
    console.log(
      `temperature ${temperature}: cross-fitted log-loss ${loss.toFixed(4)}, ECE ${ece.toFixed(4)}`,
    );
    if (loss < best.loss) best = { temperature, loss, ece };
  }
  return best;
}

function modelMeta(final: EvalResult, crossFittedEce: number, inSampleEce: number): Record<string, unknown> {
  return {
    description:
      'Veil name model: averaged structured perceptron over hashed features, BIO tags, Viterbi decoding',
    trainingData: [
      'WNUT 2017 Emerging Entities, train split (CC BY 4.0; person, location, corporation+group mapped)',
      `Universal NER English EWT dev file, ${Math.round(100 * UNER_TRAIN_FRACTION)}% of sentences by SHA-256 of sent_id (CC BY-SA 4.0)`,
      'lowercased and UPPERCASED copies of the above; synthetic machine-text negatives (log lines, hashes, ids)',
    ],
    gazetteers: GAZETTEER_SOURCES,
    heldOut: 'WNUT 2017 dev + the remaining 20% of UNER EWT dev',
    seed: args.seed,
    epochs,
    featureBuckets: buckets,
    heldOutMicroF1: round(final.micro.f1),
    heldOutF1: Object.fromEntries(Object.entries(final.perEntity).map(([e, m]) => [e, round(m.f1)])),
    calibration: {
      method: 'forward-backward span marginal at temperature T, then Platt scaling fit on held-out',
      crossFittedEce: round(crossFittedEce),
      inSampleEce: round(inSampleEce),
    },
  };
}

function main(): void {
  const split = loadSplit();
  const lists = gazetteerLists();
  const trained = trainWeights(split, new Gazetteer(lists));
  // Calibrate the shipped (quantized) weights, exactly as inference will see them.
  const base = { buckets, temperature: 1, platt: { a: 1, b: 0 }, meta: {} };
  const params = decodeModel(encodeModel(trained.weights, trained.trans, lists, base));
  const heldout = [...split.heldout.wnut, ...split.heldout.uner];
  const { temperature, ece } = chooseTemperature(params, heldout);
  const final = evaluate(new Decoder({ ...params, temperature }), heldout);
  const correct = final.spans.map((s) => s.correct);
  const platt = fitPlatt(
    final.spans.map((s) => s.prob),
    correct,
  );
  const inSample = calibrationTable(calibratedScores(final.spans, platt), correct);
  const meta = modelMeta(final, ece, inSample.ece);
  const file = encodeModel(trained.weights, trained.trans, lists, { buckets, temperature, platt, meta });
  const out = resolve(root, args.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(file)}\n`);
  console.log(
    `wrote ${args.out}: ${JSON.stringify(meta.heldOutF1)} micro F1 ${meta.heldOutMicroF1}, T=${temperature}`,
  );
}

/** Scores for each span from a Platt fit on the other half of the sentences (by parity). */
function crossFitted(prob: number[], correct: boolean[], sentence: number[]): number[] {
  const half = (k: number): number[] =>
    prob.map((_, i) => i).filter((i) => (sentence[i] as number) % 2 === k);
  const out = new Array<number>(prob.length).fill(0);
  for (const k of [0, 1]) {
    const fitIdx = half(1 - k);
    const c = fitPlatt(
      fitIdx.map((i) => prob[i] as number),
      fitIdx.map((i) => correct[i] as boolean),
    );
    for (const i of half(k)) out[i] = applyPlatt(c, prob[i] as number);
  }
  return out;
}

function round(x: number): number {
  return Number(x.toFixed(4));
}

main();
