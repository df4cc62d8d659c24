/** Seeded deterministic PRNG: SHA-256 of (seed, counter), for reproducible shuffles and synthesis. */
import { createHash } from 'node:crypto';

export class SeededRandom {
  private counter = 0;
  private pool: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly seed: string) {}

  /** Uniform float in [0, 1). */
  next(): number {
    if (this.offset + 4 > this.pool.length) {
      this.pool = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      this.offset = 0;
    }
    const v = this.pool.readUInt32LE(this.offset);
    this.offset += 4;
    return v / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
    }
    return xs;
  }
}

/** Deterministic fraction in [0, 1) from a string: for stable train/held-out splits. */
export function hashFraction(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32LE(0) / 4294967296;
}
