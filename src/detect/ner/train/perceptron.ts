/**
 * Averaged structured perceptron (Collins 2002) over the hashed features, with the same masked
 * Viterbi decoder used at inference. Averaging uses the lazy timestamp trick: avg = w - u / c.
 */
import { TRANS_SIZE, emissions, viterbi } from '../decode.js';
import { N_FEATS, extractFeatures } from '../features.js';
import { Gazetteer } from '../gazetteer.js';
import { N_TAGS, isInside } from '../tags.js';
import { F_BLOCKED, F_DIGIT, F_LETTER, TokenBuffer, fromWords } from '../tokens.js';
import { SeededRandom } from './prng.js';

export interface Example {
  text: string;
  tokens: TokenBuffer;
  gold: Uint8Array;
  feats: Int32Array;
  n: number;
}

/** Gold tags the decoder can never produce (masked tokens) become O, so updates stay finite. */
function sanitize(tags: readonly number[], tokens: TokenBuffer): Uint8Array {
  const out = Uint8Array.from(tags);
  for (let i = 0; i < out.length; i++) {
    const f = tokens.flags[i] as number;
    const t = out[i] as number;
    const banned =
      (f & F_BLOCKED && t !== 0) ||
      (f & F_DIGIT && (t === 1 || t === 2)) ||
      (!(f & F_LETTER) && (t === 1 || t === 3 || t === 5));
    if (banned) out[i] = 0;
    const prev = i > 0 ? (out[i - 1] as number) : 0;
    if (isInside(out[i] as number) && prev !== out[i] && prev !== (out[i] as number) - 1) out[i] = 0;
  }
  return out;
}

export function buildExample(
  words: readonly string[],
  tags: readonly number[],
  gaz: Gazetteer,
  buckets: number,
): Example {
  const { text, tokens } = fromWords(words);
  const n = words.length;
  const feats = new Int32Array(n * N_FEATS);
  extractFeatures(text, tokens, 0, n, gaz, buckets - 1, feats);
  return { text, tokens, gold: sanitize(tags, tokens), feats, n };
}

export interface TrainedWeights {
  weights: Float64Array;
  trans: Float64Array;
}

class Averaged {
  readonly w: Float64Array;
  readonly u: Float64Array;
  constructor(size: number) {
    this.w = new Float64Array(size);
    this.u = new Float64Array(size);
  }
  add(i: number, d: number, c: number): void {
    this.w[i] = (this.w[i] as number) + d;
    this.u[i] = (this.u[i] as number) + c * d;
  }
  average(c: number): Float64Array {
    return this.w.map((v, i) => v - (this.u[i] as number) / c);
  }
}

function update(ex: Example, pred: Uint8Array, em: Averaged, tr: Averaged, c: number): void {
  for (let i = 0; i < ex.n; i++) {
    const g = ex.gold[i] as number;
    const p = pred[i] as number;
    if (g !== p) {
      for (let k = 0; k < N_FEATS; k++) {
        const base = (ex.feats[i * N_FEATS + k] as number) * N_TAGS;
        em.add(base + g, 1, c);
        em.add(base + p, -1, c);
      }
    }
    const gPrev = i === 0 ? N_TAGS : (ex.gold[i - 1] as number);
    const pPrev = i === 0 ? N_TAGS : (pred[i - 1] as number);
    if (gPrev !== pPrev || g !== p) {
      tr.add(gPrev * N_TAGS + g, 1, c);
      tr.add(pPrev * N_TAGS + p, -1, c);
    }
  }
}

export function trainPerceptron(
  examples: Example[],
  opts: { buckets: number; epochs: number; seed: string; onEpoch?: (epoch: number, errors: number) => void },
): TrainedWeights {
  const em = new Averaged(opts.buckets * N_TAGS);
  const tr = new Averaged(TRANS_SIZE);
  const rng = new SeededRandom(opts.seed);
  const order = examples.map((_, i) => i);
  let maxN = 1;
  for (const ex of examples) maxN = Math.max(maxN, ex.n);
  const emit = new Float64Array(maxN * N_TAGS);
  const pred = new Uint8Array(maxN);
  let c = 1;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    let errors = 0;
    for (const idx of rng.shuffle(order)) {
      const ex = examples[idx] as Example;
      emissions(ex.feats, ex.n, em.w, 1, ex.tokens, 0, emit);
      viterbi(emit, ex.n, tr.w, pred);
      let wrong = false;
      for (let i = 0; i < ex.n; i++) if (pred[i] !== ex.gold[i]) wrong = true;
      if (wrong) {
        errors++;
        update(ex, pred, em, tr, c);
      }
      c++;
    }
    opts.onEpoch?.(epoch, errors);
  }
  return { weights: em.average(c), trans: tr.average(c) };
}
