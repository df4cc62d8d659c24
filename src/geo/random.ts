import { createHmac, randomFillSync } from 'node:crypto';

/** A source of uniform randomness. Every Veil geo mechanism draws through this interface. */
export interface RandomSource {
  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** A uniform integer in [0, n), without modulo bias. */
  nextInt(n: number): number;
}

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;
const GENERATE_BLOCKS = 32;

/** 53 bits from two 32-bit words: the top 21 bits of `hi` and all 32 of `lo`. */
function doubleFromWords(hi: number, lo: number): number {
  return ((hi >>> 11) * TWO_POW_32 + lo) / TWO_POW_53;
}

/** Unbiased integer in [0, n) by rejection sampling over 53-bit doubles' integer form. */
function intFromSource(source: { nextDouble(): number }, n: number): number {
  if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_53)
    throw new RangeError('nextInt bound must be a positive integer');
  const limit = TWO_POW_53 - (TWO_POW_53 % n);
  for (;;) {
    const draw = source.nextDouble() * TWO_POW_53;
    if (draw < limit) return draw % n;
  }
}

/**
 * The operating system CSPRNG (node:crypto), read in pooled blocks because a syscall per draw
 * would dominate the cost of the mechanisms that use it.
 */
export class CryptoRandom implements RandomSource {
  private readonly pool = new Uint32Array(2048);
  private next = this.pool.length;

  private word(): number {
    if (this.next >= this.pool.length) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    return this.pool[this.next++]!;
  }

  nextDouble(): number {
    const hi = this.word();
    return doubleFromWords(hi, this.word());
  }

  nextInt(n: number): number {
    return intFromSource(this, n);
  }
}

/**
 * A deterministic generator for reproducible reports (sampling in unicity), built as
 * HMAC-DRBG with SHA-256 (NIST SP 800-90A, without reseeding or additional input): the same seed
 * gives the same stream on every machine. Never use it to protect data; use CryptoRandom.
 */
export class SeededRandom implements RandomSource {
  private key: Buffer = Buffer.alloc(32, 0x00);
  private value: Buffer = Buffer.alloc(32, 0x01);
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(seed: string) {
    this.update(Buffer.from(seed, 'utf8'));
  }

  private hmac(key: Buffer, ...parts: Buffer[]): Buffer {
    const mac = createHmac('sha256', key);
    for (const part of parts) mac.update(part);
    return mac.digest();
  }

  private update(data: Buffer): void {
    this.key = this.hmac(this.key, this.value, Buffer.from([0x00]), data);
    this.value = this.hmac(this.key, this.value);
    if (data.length === 0) return;
    this.key = this.hmac(this.key, this.value, Buffer.from([0x01]), data);
    this.value = this.hmac(this.key, this.value);
  }

  /** One generate request yields 1 KiB (32 HMAC blocks), then the state is updated (backtracking resistance). */
  private refill(): void {
    const blocks: Buffer[] = [];
    for (let i = 0; i < GENERATE_BLOCKS; i++) {
      this.value = this.hmac(this.key, this.value);
      blocks.push(this.value);
    }
    this.block = Buffer.concat(blocks);
    this.offset = 0;
    this.update(Buffer.alloc(0));
  }

  private word(): number {
    if (this.offset + 4 > this.block.length) this.refill();
    const word = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return word;
  }

  nextDouble(): number {
    const hi = this.word();
    return doubleFromWords(hi, this.word());
  }

  nextInt(n: number): number {
    return intFromSource(this, n);
  }
}
