import { encodeBytes, Utf8Scratch, type OutputEncoding } from './encoding.js';
import { HmacSha256 } from './sha256-midstate.js';

/**
 * Keyed pseudonyms: HMAC-SHA-256(domain subkey, UTF-8 value), truncated and encoded. Repeated values
 * (the norm in real columns) are served from a bounded cache of recent distinct values; when a
 * column turns out to be mostly distinct, the cache switches itself off for a while (pure overhead).
 */
const PROBE = 1 << 16;

export class Pseudonymizer {
  private readonly hmac: HmacSha256;
  private readonly scratch = new Utf8Scratch();
  private readonly digest = Buffer.alloc(32);
  private readonly cache = new Map<string, string>();
  private hits = 0;
  private misses = 0;
  private cacheOffFor = 0;

  constructor(
    key: Uint8Array,
    private readonly encoding: OutputEncoding = 'hex',
    private readonly bytes = 32,
    private readonly prefix = '',
    private readonly cacheSize = PROBE,
  ) {
    this.hmac = new HmacSha256(key);
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
    if (this.cache.size >= this.cacheSize) this.reviewCache();
    this.cache.set(value, out);
    return out;
  }

  /** Full cache: keep caching only if at least one lookup in eight was a hit. */
  private reviewCache(): void {
    if (this.hits * 8 < this.misses) this.cacheOffFor = PROBE * 16;
    this.cache.clear();
    this.hits = 0;
    this.misses = 0;
  }

  private compute(value: string): string {
    const length = this.scratch.encode(value);
    this.hmac.macInto(this.scratch.bytes, length, this.digest);
    return this.prefix + encodeBytes(this.digest, 0, this.bytes, this.encoding);
  }
}
