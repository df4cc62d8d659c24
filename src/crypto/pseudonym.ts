import { DigestEncoder, type OutputEncoding } from './encoding.js';
import { HmacSha256 } from './sha256-midstate.js';
import { HmacSha256x4 } from './sha256-x4.js';

/**
 * Keyed pseudonyms: HMAC-SHA-256(domain subkey, UTF-8 value), truncated and encoded. Repeated values
 * (the norm in real columns) are served from a bounded cache of recent distinct values; when a
 * column turns out to be mostly distinct, the cache switches itself off for a while (pure overhead).
 * A distinct value costs two SHA-256 compressions (inner block from the ipad midstate, outer block
 * from the opad midstate) when its UTF-8 form is at most 55 bytes, one more per further 64 bytes.
 * `pseudonymMany` computes such short values four at a time (WebAssembly SIMD, sha256-x4.ts).
 */
const PROBE = 1 << 16;

export class Pseudonymizer {
  private readonly hmac: HmacSha256;
  private readonly encoder: DigestEncoder;
  private readonly digest = new Int32Array(8);
  private readonly cache = new Map<string, string>();
  private hits = 0;
  private misses = 0;
  private cacheOffFor = 0;
  /** Batch path: undefined until first used, null where SIMD is unavailable. */
  private x4: HmacSha256x4 | null | undefined;
  private scratch = Buffer.alloc(256);
  /** Pending lanes of the batch path: index in the batch and whether to cache the result. */
  private readonly laneIndex = new Int32Array(4);
  private readonly laneCached = [false, false, false, false];

  constructor(
    key: Uint8Array,
    encoding: OutputEncoding = 'hex',
    bytes = 32,
    prefix = '',
    private readonly cacheSize = PROBE,
  ) {
    this.hmac = new HmacSha256(key);
    this.encoder = new DigestEncoder(encoding, bytes, prefix);
  }

  pseudonym(value: string): string {
    if (this.cacheOffFor > 0) {
      this.cacheOffFor--;
      return this.compute(value);
    }
    const cached = this.cache.get(value);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const out = this.compute(value);
    this.remember(value, out);
    return out;
  }

  /**
   * Pseudonyms of a batch of values, equal to `values.map((v) => this.pseudonym(v))` (same cache
   * policy), with values of at most 55 UTF-8 bytes hashed four at a time.
   */
  pseudonymMany(values: readonly string[]): string[] {
    const out = new Array<string>(values.length);
    if (this.x4 === undefined) {
      const { inner, outer } = this.hmac.midstates();
      this.x4 = HmacSha256x4.create(inner, outer);
      inner.fill(0);
      outer.fill(0);
    }
    const x4 = this.x4;
    if (x4 === null) {
      for (let i = 0; i < values.length; i++) out[i] = this.pseudonym(values[i]!);
      return out;
    }
    let lanes = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      let caching = false;
      if (this.cacheOffFor > 0) {
        this.cacheOffFor--;
      } else {
        const cached = this.cache.get(value);
        if (cached !== undefined) {
          this.hits++;
          out[i] = cached;
          continue;
        }
        this.misses++;
        caching = true;
      }
      if (!this.pack(x4, lanes, value)) {
        const result = this.compute(value);
        out[i] = result;
        if (caching) this.remember(value, result);
        continue;
      }
      this.laneIndex[lanes] = i;
      this.laneCached[lanes] = caching;
      if (++lanes === 4) {
        this.flush(x4, lanes, values, out);
        lanes = 0;
      }
    }
    if (lanes > 0) this.flush(x4, lanes, values, out);
    return out;
  }

  /** Packs `value` into a lane when its UTF-8 form fits one block. */
  private pack(x4: HmacSha256x4, lane: number, value: string): boolean {
    if (x4.packAscii(lane, value)) return true;
    if (value.length > 55) return false;
    if (this.scratch.length < value.length * 3) this.scratch = Buffer.alloc(value.length * 3);
    const length = this.scratch.write(value, 0, 'utf8');
    return x4.packBytes(lane, this.scratch, length);
  }

  private flush(x4: HmacSha256x4, lanes: number, values: readonly string[], out: string[]): void {
    x4.run();
    for (let lane = 0; lane < lanes; lane++) {
      const i = this.laneIndex[lane]!;
      const result = this.encoder.encode(x4.digest(lane, this.digest));
      out[i] = result;
      if (this.laneCached[lane]) this.remember(values[i]!, result);
    }
  }

  private remember(value: string, out: string): void {
    if (this.cache.size >= this.cacheSize) this.reviewCache();
    this.cache.set(value, out);
  }

  /** Full cache: keep caching only if at least one lookup in eight was a hit. */
  private reviewCache(): void {
    if (this.hits * 8 < this.misses) this.cacheOffFor = PROBE * 16;
    this.cache.clear();
    this.hits = 0;
    this.misses = 0;
  }

  private compute(value: string): string {
    return this.encoder.encode(this.hmac.macText(value, this.digest));
  }
}
