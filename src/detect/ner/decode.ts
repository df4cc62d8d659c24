/**
 * Linear-chain scoring: emissions from hashed features, Viterbi decoding under the BIO
 * constraints, and span marginals by scaled forward-backward (used for calibrated scores).
 */
import { N_FEATS } from './features.js';
import { N_TAGS, allowedTransition, isInside } from './tags.js';
import { F_BLOCKED, F_DIGIT, F_LETTER, TokenBuffer } from './tokens.js';

export type Vec = Float32Array | Float64Array | Int16Array;
/** Transition scores: rows are previous tag, row N_TAGS is the sentence start. */
export const TRANS_SIZE = (N_TAGS + 1) * N_TAGS;
const NEG = -1e9;

/**
 * emit[i * N_TAGS + t] = scale * (sum of weights of token i's features for tag t), with hard masks.
 * Inference passes int16 weights (half the cache footprint of float32: the lookups are the cost).
 */
export function emissions(
  feats: Int32Array,
  n: number,
  w: Vec,
  scale: number,
  tokens: TokenBuffer,
  from: number,
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0,
      s4 = 0,
      s5 = 0,
      s6 = 0;
    for (let k = i * N_FEATS, end = k + N_FEATS; k < end; k++) {
      const b = (feats[k] as number) * N_TAGS;
      s0 += w[b] as number;
      s1 += w[b + 1] as number;
      s2 += w[b + 2] as number;
      s3 += w[b + 3] as number;
      s4 += w[b + 4] as number;
      s5 += w[b + 5] as number;
      s6 += w[b + 6] as number;
    }
    const o = i * N_TAGS;
    out[o] = s0 * scale;
    out[o + 1] = s1 * scale;
    out[o + 2] = s2 * scale;
    out[o + 3] = s3 * scale;
    out[o + 4] = s4 * scale;
    out[o + 5] = s5 * scale;
    out[o + 6] = s6 * scale;
    maskToken(tokens.flags[from + i] as number, out, o);
  }
}

/** Machine-looking tokens are never names; digits never in a PERSON; spans begin on a letter. */
export function maskToken(flags: number, out: Float64Array, o: number): void {
  if (flags & F_BLOCKED) for (let t = 1; t < N_TAGS; t++) out[o + t] = NEG;
  if (flags & F_DIGIT) out[o + 1] = out[o + 2] = NEG;
  if (!(flags & F_LETTER)) out[o + 1] = out[o + 3] = out[o + 5] = NEG;
}

const ALLOWED = new Uint8Array(TRANS_SIZE);
for (let p = 0; p <= N_TAGS; p++) {
  for (let t = 0; t < N_TAGS; t++) {
    ALLOWED[p * N_TAGS + t] = p === N_TAGS ? (isInside(t) ? 0 : 1) : allowedTransition(p, t) ? 1 : 0;
  }
}

let delta = new Float64Array(0);
let back = new Int8Array(0);

/** Best tag sequence; writes tags[0..n). */
export function viterbi(emit: Float64Array, n: number, trans: Vec, tags: Uint8Array): void {
  if (delta.length < n * N_TAGS) {
    delta = new Float64Array(n * N_TAGS * 2);
    back = new Int8Array(n * N_TAGS * 2);
  }
  for (let t = 0; t < N_TAGS; t++) {
    const start = N_TAGS * N_TAGS + t;
    delta[t] = ALLOWED[start] ? (emit[t] as number) + (trans[start] as number) : NEG;
  }
  for (let i = 1; i < n; i++) {
    const prev = (i - 1) * N_TAGS;
    for (let t = 0; t < N_TAGS; t++) {
      let best = -Infinity;
      let arg = 0;
      if (isInside(t)) {
        // Only B-X and I-X may precede I-X.
        const fromB = (delta[prev + t - 1] as number) + (trans[(t - 1) * N_TAGS + t] as number);
        const fromI = (delta[prev + t] as number) + (trans[t * N_TAGS + t] as number);
        best = fromI > fromB ? fromI : fromB;
        arg = fromI > fromB ? t : t - 1;
      } else {
        for (let p = 0; p < N_TAGS; p++) {
          const v = (delta[prev + p] as number) + (trans[p * N_TAGS + t] as number);
          if (v > best) {
            best = v;
            arg = p;
          }
        }
      }
      delta[i * N_TAGS + t] = best + (emit[i * N_TAGS + t] as number);
      back[i * N_TAGS + t] = arg;
    }
  }
  let bestT = 0;
  for (let t = 1; t < N_TAGS; t++) {
    if ((delta[(n - 1) * N_TAGS + t] as number) > (delta[(n - 1) * N_TAGS + bestT] as number)) bestT = t;
  }
  for (let i = n - 1; i >= 0; i--) {
    tags[i] = bestT;
    bestT = back[i * N_TAGS + bestT] as number;
  }
}
