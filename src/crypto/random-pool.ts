import { randomBytes } from 'node:crypto';

/** CSPRNG bytes drawn in large chunks: one randomBytes call serves thousands of IVs. */
export class RandomPool {
  private pool = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly chunk = 64 * 1024) {}

  take(length: number): Buffer {
    if (this.offset + length > this.pool.length) {
      this.pool = randomBytes(Math.max(this.chunk, length));
      this.offset = 0;
    }
    const out = this.pool.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
}
