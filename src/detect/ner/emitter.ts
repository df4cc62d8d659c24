/**
 * Inference-time emissions. The local half of a token's score (its N_LOCAL features) depends only
 * on the token's characters and the sentence casing mode, so it is cached per (token, shape,
 * mode) in a direct-mapped table; only the N_CONTEXT neighbour features are looked up per token.
 * Int16 weights make every sum an exact integer, so cached and uncached sums are identical.
 */
import { maskToken, Vec } from './decode.js';
import {
  N_CONTEXT,
  N_LOCAL,
  contextFeatures,
  localFeatures,
  prepare,
  scanAffixes,
  scratch,
} from './features.js';
import { Gazetteer } from './gazetteer.js';
import { mix } from './hash.js';
import { N_TAGS } from './tags.js';
import { TokenBuffer } from './tokens.js';

const CACHE_BITS = 13; // 8192 entries: the table stays small enough to live in L2
const CACHE_SIZE = 1 << CACHE_BITS;

export class CachedEmitter {
  private readonly keyWord = new Uint32Array(CACHE_SIZE);
  private readonly keyShape = new Uint32Array(CACHE_SIZE); // 0 = empty slot
  private readonly sums = new Int32Array(CACHE_SIZE * N_TAGS);
  private readonly local = new Int32Array(N_LOCAL);
  private readonly context = new Int32Array(N_CONTEXT);

  constructor(
    private readonly weights: Vec,
    private readonly scale: number,
    private readonly gaz: Gazetteer,
    private readonly mask: number,
  ) {}

  /** out[i * N_TAGS + t] for tokens [from, to), masked like emissions(). */
  emit(text: string, tokens: TokenBuffer, from: number, to: number, out: Float64Array): void {
    const mode = prepare(text, tokens, from, to, this.gaz);
    const n = to - from;
    const w = this.weights;
    const ctx = this.context;
    const sums = this.sums;
    for (let i = 0; i < n; i++) {
      const c = this.localSlot(text, tokens, from, i, mode) * N_TAGS;
      let s0 = sums[c] as number,
        s1 = sums[c + 1] as number,
        s2 = sums[c + 2] as number,
        s3 = sums[c + 3] as number;
      let s4 = sums[c + 4] as number,
        s5 = sums[c + 5] as number,
        s6 = sums[c + 6] as number;
      contextFeatures(i, n, this.mask, ctx, 0);
      for (let k = 0; k < N_CONTEXT; k++) {
        const b = (ctx[k] as number) * N_TAGS;
        s0 += w[b] as number;
        s1 += w[b + 1] as number;
        s2 += w[b + 2] as number;
        s3 += w[b + 3] as number;
        s4 += w[b + 4] as number;
        s5 += w[b + 5] as number;
        s6 += w[b + 6] as number;
      }
      const o = i * N_TAGS;
      const scale = this.scale;
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

  /**
   * Cache slot holding the local sums of token i, filling it on a miss. The key is the token's
   * exact characters (two independent 32-bit hashes), its shape and the casing mode: a key of the
   * digit-folded word let "13ms" reuse the sums of "47ms", whose affix features differ, so scores
   * depended on what had been analyzed before.
   */
  private localSlot(text: string, tokens: TokenBuffer, from: number, i: number, mode: number): number {
    const word = scratch.exact[2 * i] as number;
    const shape = (mix(mix(scratch.shape[i] as number, mode), scratch.exact[2 * i + 1] as number) | 1) >>> 0;
    const slot = (word ^ shape) & (CACHE_SIZE - 1);
    if (this.keyWord[slot] === word && this.keyShape[slot] === shape) return slot;
    scanAffixes(text, tokens.start[from + i] as number, tokens.end[from + i] as number, i);
    localFeatures(i, mode, this.mask, this.local, 0);
    const w = this.weights;
    for (let t = 0; t < N_TAGS; t++) this.sums[slot * N_TAGS + t] = 0;
    for (let k = 0; k < N_LOCAL; k++) {
      const b = (this.local[k] as number) * N_TAGS;
      for (let t = 0; t < N_TAGS; t++)
        this.sums[slot * N_TAGS + t] = (this.sums[slot * N_TAGS + t] as number) + (w[b + t] as number);
    }
    this.keyWord[slot] = word;
    this.keyShape[slot] = shape;
    return slot;
  }
}
