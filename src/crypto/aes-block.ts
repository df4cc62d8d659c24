import { createCipheriv, type Cipher } from 'node:crypto';

/**
 * The raw AES block function (one 16-byte block in, one out) on top of node's ECB mode. ECB without
 * padding is stateless per block, so one cipher object is reused for every call and never finalised.
 */
export class AesBlock {
  private readonly ecb: Cipher;

  constructor(key: Uint8Array) {
    if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
      throw new RangeError('AES key must be 16, 24 or 32 bytes');
    }
    this.ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
    this.ecb.setAutoPadding(false);
  }

  /** Encrypts whole 16-byte blocks independently (ECB); `data.length` must be a multiple of 16. */
  encrypt(data: Uint8Array): Buffer {
    return this.ecb.update(data);
  }
}

/** Doubling in GF(2^128) as used by CMAC and S2V: shift left one bit, reduce with 0x87. */
export function dbl(block: Uint8Array): Buffer {
  const out = Buffer.alloc(16);
  let carry = 0;
  for (let i = 15; i >= 0; i--) {
    const b = block[i]!;
    out[i] = ((b << 1) | carry) & 0xff;
    carry = b >>> 7;
  }
  if (carry) out[15] = out[15]! ^ 0x87;
  return out;
}

/** a ^= b over the first `b.length` bytes of a (in place). */
export function xorInto(a: Uint8Array, b: Uint8Array, offset = 0): void {
  for (let i = 0; i < b.length; i++) a[offset + i] = a[offset + i]! ^ b[i]!;
}
