import { createCipheriv, createHash, randomFillSync } from 'node:crypto';

/**
 * A source of uniform random bits for the DP samplers. Samplers only ever ask for 32-bit words
 * and turn them into exact uniform integers by rejection, so no floating point touches the noise.
 */
export interface RandomSource {
  /** 32 uniform random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number;
}

const POOL_WORDS = 4096;

/**
 * The operating system CSPRNG (node:crypto), read in pooled 16 KiB blocks: one syscall per draw
 * would cost more than the sampler itself.
 */
export class CryptoRandomSource implements RandomSource {
  private readonly pool = new Uint32Array(POOL_WORDS);
  private next = POOL_WORDS;

  nextUint32(): number {
    if (this.next >= POOL_WORDS) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    return this.pool[this.next++]!;
  }
}

/**
 * A deterministic stream for tests only: the AES-256-CTR keystream under SHA-256(seed), so the same
 * seed gives the same samples on every machine. Never use it to release data.
 */
export class SeededRandomSource implements RandomSource {
  private readonly cipher;
  private readonly zeros = Buffer.alloc(POOL_WORDS * 4);
  private pool = new Uint32Array(0);
  private next = 0;

  constructor(seed: string) {
    const key = createHash('sha256').update(`veil-dp-test-seed:${seed}`).digest();
    this.cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16, 0));
  }

  nextUint32(): number {
    if (this.next >= this.pool.length) {
      const block = this.cipher.update(this.zeros);
      this.pool = new Uint32Array(block.buffer, block.byteOffset, block.length / 4);
      this.next = 0;
    }
    return this.pool[this.next++]!;
  }
}
