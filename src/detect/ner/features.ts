/**
 * Hashed feature extraction. Each token gets N_LOCAL features that depend only on the token (and
 * the sentence casing mode) plus N_CONTEXT features from its neighbours, as bucket ids in a flat
 * Int32Array. Training uses extractFeatures; inference caches the local part per word (emitter.ts).
 */
import { C_DIGIT, C_LOWER, C_OTHER, C_UPPER, charClass, lowerCode } from './chars.js';
import { FNV_OFFSET, fnvStep, mix } from './hash.js';
import { Gazetteer } from './gazetteer.js';
import { TokenBuffer } from './tokens.js';

export const N_LOCAL = 15;
export const N_CONTEXT = 9;
export const N_FEATS = N_LOCAL + N_CONTEXT;
const BOS = 0x5eed0001;
const EOS = 0x5eed0002;
const EXACT_SEED = 0x2545f491;

/** Per-token values of the current sentence, reused across calls. */
export class Scratch {
  word = new Uint32Array(0);
  shape = new Uint32Array(0);
  gaz = new Uint32Array(0);
  pre = new Uint32Array(0); // 4 prefix hashes per token
  suf = new Uint32Array(0); // 4 suffix hashes per token
  /** Two independent hashes of the token's exact characters (the emitter's cache key). */
  exact = new Uint32Array(0);

  ensure(n: number): void {
    if (this.word.length >= n) return;
    const cap = Math.max(n, this.word.length * 2, 64);
    this.word = new Uint32Array(cap);
    this.shape = new Uint32Array(cap);
    this.gaz = new Uint32Array(cap);
    this.pre = new Uint32Array(cap * 4);
    this.suf = new Uint32Array(cap * 4);
    this.exact = new Uint32Array(cap * 2);
  }
}

export const scratch = new Scratch();
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => charClass(c));
let upperCount = 0;
let lowerCount = 0;

/**
 * Lowercase word hash (digits folded to '0'), shape hash (class runs collapsed) and exact hashes
 * of token i. The affix features see the digits the word hash folds, so only the exact characters
 * identify a token's local features ("13ms" and "47ms" share word and shape).
 */
function scanWord(text: string, s: number, e: number, i: number): void {
  let word = FNV_OFFSET;
  let shape = FNV_OFFSET;
  let exact1 = FNV_OFFSET;
  let exact2 = EXACT_SEED;
  let prev = -1;
  for (let j = s; j < e; j++) {
    const c = text.charCodeAt(j);
    exact1 = fnvStep(exact1, c);
    exact2 = Math.imul(exact2 ^ c, 0x5bd1e995) >>> 0;
    const cls = c < 128 ? (ASCII_CLASS[c] as number) : charClass(c);
    word = fnvStep(word, cls === C_DIGIT ? 48 : cls === C_UPPER ? lowerCode(c) : c);
    const code = cls === C_OTHER ? 16 + c : cls;
    if (code !== prev) shape = fnvStep(shape, code);
    prev = code;
    if (cls === C_UPPER) upperCount++;
    else if (cls === C_LOWER) lowerCount++;
  }
  scratch.word[i] = word;
  scratch.shape[i] = shape;
  scratch.exact[2 * i] = exact1;
  scratch.exact[2 * i + 1] = mix(exact2, e - s);
}

/** Prefix and suffix hashes (lowercased, lengths 1-4) of token i. */
export function scanAffixes(text: string, s: number, e: number, i: number): void {
  let pre = FNV_OFFSET;
  let suf = FNV_OFFSET ^ 0x55;
  for (let k = 0; k < 4; k++) {
    if (s + k < e) pre = fnvStep(pre, lowerCode(text.charCodeAt(s + k)));
    if (e - 1 - k >= s) suf = fnvStep(suf, lowerCode(text.charCodeAt(e - 1 - k)));
    scratch.pre[i * 4 + k] = pre;
    scratch.suf[i * 4 + k] = suf;
  }
}

/** Fill word/shape/gazetteer scratch for tokens [from, to); returns the casing mode (0 mixed, 1 lower, 2 upper). */
export function prepare(text: string, tokens: TokenBuffer, from: number, to: number, gaz: Gazetteer): number {
  scratch.ensure(to - from);
  upperCount = 0;
  lowerCount = 0;
  for (let t = from; t < to; t++) {
    scanWord(text, tokens.start[t] as number, tokens.end[t] as number, t - from);
    scratch.gaz[t - from] = gaz.mask(scratch.word[t - from] as number);
  }
  if (upperCount === 0 && lowerCount > 0) return 1;
  if (lowerCount === 0 && upperCount > 1) return 2;
  return 0;
}

/** The token's own features (needs scanAffixes for token i): out[o .. o + N_LOCAL). */
export function localFeatures(i: number, mode: number, mask: number, out: Int32Array, o: number): void {
  const s0 = scratch.shape[i] as number;
  const g0 = scratch.gaz[i] as number;
  out[o] = mix(1, 0) & mask;
  out[o + 1] = mix(2, scratch.word[i] as number) & mask;
  out[o + 2] = mix(7, s0) & mask;
  for (let k = 0; k < 4; k++) {
    out[o + 3 + k] = mix(12 + k, scratch.pre[i * 4 + k] as number) & mask;
    out[o + 7 + k] = mix(16 + k, scratch.suf[i * 4 + k] as number) & mask;
  }
  out[o + 11] = mix(20, g0) & mask;
  out[o + 12] = mix(mix(23, g0), s0) & mask;
  out[o + 13] = mix(mix(24, mode), s0) & mask;
  out[o + 14] = mix(mix(25, mode), g0) & mask;
}

/** Features from the neighbours of token i in a sentence of n tokens: out[o .. o + N_CONTEXT). */
export function contextFeatures(i: number, n: number, mask: number, out: Int32Array, o: number): void {
  const { word, shape, gaz } = scratch;
  const s0 = shape[i] as number;
  const wm1 = i > 0 ? (word[i - 1] as number) : BOS;
  const wp1 = i + 1 < n ? (word[i + 1] as number) : EOS;
  const sm1 = i > 0 ? (shape[i - 1] as number) : BOS;
  const sp1 = i + 1 < n ? (shape[i + 1] as number) : EOS;
  out[o] = mix(3, wm1) & mask;
  out[o + 1] = mix(4, wp1) & mask;
  out[o + 2] = mix(mix(10, sm1), s0) & mask;
  out[o + 3] = mix(mix(11, s0), sp1) & mask;
  out[o + 4] = mix(21, i > 0 ? (gaz[i - 1] as number) : 0x100) & mask;
  out[o + 5] = mix(22, i + 1 < n ? (gaz[i + 1] as number) : 0x200) & mask;
  out[o + 6] = mix(mix(29, wm1), s0) & mask;
  out[o + 7] = mix(mix(30, s0), wp1) & mask;
  out[o + 8] = mix(mix(28, i === 0 ? 1 : 0), s0) & mask;
}

/** All N_FEATS features of tokens [from, to): out[(t - from) * N_FEATS + k]. */
export function extractFeatures(
  text: string,
  tokens: TokenBuffer,
  from: number,
  to: number,
  gaz: Gazetteer,
  mask: number,
  out: Int32Array,
): void {
  const mode = prepare(text, tokens, from, to, gaz);
  const n = to - from;
  for (let i = 0; i < n; i++) {
    scanAffixes(text, tokens.start[from + i] as number, tokens.end[from + i] as number, i);
    localFeatures(i, mode, mask, out, i * N_FEATS);
    contextFeatures(i, n, mask, out, i * N_FEATS + N_LOCAL);
  }
}
