/**
 * Span probabilities by scaled forward-backward over the same scores Viterbi uses, read as a
 * CRF at temperature T. Only run for sentences that contain a predicted span.
 */
import { N_TAGS, isInside } from './tags.js';
import { TRANS_SIZE, Vec } from './decode.js';

let alpha = new Float64Array(0);
let beta = new Float64Array(0);
let pot = new Float64Array(0);
let scale = new Float64Array(0);
const A = new Float64Array(TRANS_SIZE);
let cachedTrans: Vec | null = null;
let cachedTemp = 0;

/** exp(trans / T) with banned transitions at 0; recomputed only when the model or T changes. */
function transitionPotentials(trans: Vec, temp: number): void {
  if (trans === cachedTrans && temp === cachedTemp) return;
  cachedTrans = trans;
  cachedTemp = temp;
  for (let p = 0; p <= N_TAGS; p++) {
    for (let t = 0; t < N_TAGS; t++) {
      const idx = p * N_TAGS + t;
      const banned = p === N_TAGS ? isInside(t) : isInside(t) && p !== t && p !== t - 1;
      A[idx] = banned ? 0 : Math.exp((trans[idx] as number) / temp);
    }
  }
}

function prepare(emit: Float64Array, n: number, trans: Vec, temp: number): void {
  if (alpha.length < n * N_TAGS) {
    alpha = new Float64Array(n * N_TAGS * 2);
    beta = new Float64Array(n * N_TAGS * 2);
    pot = new Float64Array(n * N_TAGS * 2);
    scale = new Float64Array(n * 2);
  }
  transitionPotentials(trans, temp);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let t = 0; t < N_TAGS; t++) max = Math.max(max, emit[i * N_TAGS + t] as number);
    for (let t = 0; t < N_TAGS; t++)
      pot[i * N_TAGS + t] = Math.exp(((emit[i * N_TAGS + t] as number) - max) / temp);
  }
}

function forward(n: number): void {
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let t = 0; t < N_TAGS; t++) {
      let s = 0;
      if (i === 0) s = A[N_TAGS * N_TAGS + t] as number;
      else
        for (let p = 0; p < N_TAGS; p++)
          s += (alpha[(i - 1) * N_TAGS + p] as number) * (A[p * N_TAGS + t] as number);
      const v = s * (pot[i * N_TAGS + t] as number);
      alpha[i * N_TAGS + t] = v;
      z += v;
    }
    scale[i] = z;
    for (let t = 0; t < N_TAGS; t++) alpha[i * N_TAGS + t] = (alpha[i * N_TAGS + t] as number) / z;
  }
}

function backward(n: number): void {
  for (let t = 0; t < N_TAGS; t++) beta[(n - 1) * N_TAGS + t] = 1;
  for (let i = n - 2; i >= 0; i--) {
    const c = scale[i + 1] as number;
    for (let t = 0; t < N_TAGS; t++) {
      let s = 0;
      for (let u = 0; u < N_TAGS; u++) {
        s +=
          (A[t * N_TAGS + u] as number) *
          (pot[(i + 1) * N_TAGS + u] as number) *
          (beta[(i + 1) * N_TAGS + u] as number);
      }
      beta[i * N_TAGS + t] = s / c;
    }
  }
}

/** Run forward-backward; afterwards spanProbability() answers for any span of this sentence. */
export function runForwardBackward(emit: Float64Array, n: number, trans: Vec, temp: number): void {
  prepare(emit, n, trans, temp);
  forward(n);
  backward(n);
}

/** P(tokens [s, e) form exactly one span tagged begin, begin+1, ..., then leave the span). */
export function spanProbability(s: number, e: number, n: number, begin: number): number {
  const inside = begin + 1;
  let p = alpha[s * N_TAGS + begin] as number;
  let prev = begin;
  for (let j = s + 1; j < e; j++) {
    p *=
      ((A[prev * N_TAGS + inside] as number) * (pot[j * N_TAGS + inside] as number)) / (scale[j] as number);
    prev = inside;
  }
  if (e >= n) return p * (beta[(e - 1) * N_TAGS + prev] as number);
  let exit = 0;
  for (let u = 0; u < N_TAGS; u++) {
    if (u === inside) continue;
    exit +=
      (A[prev * N_TAGS + u] as number) * (pot[e * N_TAGS + u] as number) * (beta[e * N_TAGS + u] as number);
  }
  return (p * exit) / (scale[e] as number);
}
