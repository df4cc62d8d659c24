import { createCipheriv, timingSafeEqual } from 'node:crypto';
import { dbl, xorInto } from './aes-block.js';
import { AesCmac } from './cmac.js';

/** Thrown when a SIV ciphertext fails authentication (tampered, truncated or wrong key). */
export class SivAuthenticationError extends Error {
  constructor() {
    super('AES-SIV authentication failed');
    this.name = 'SivAuthenticationError';
  }
}

/**
 * AES-SIV, RFC 5297: deterministic authenticated encryption. Node has no SIV mode, so it is built
 * from AES-CMAC (S2V) and node's AES-CTR. Key is 32, 48 or 64 bytes (two AES keys of equal size).
 */
export class AesSiv {
  private readonly cmac: AesCmac;
  private readonly ctrKey: Buffer;
  private readonly ctrAlgorithm: string;
  private readonly zeroMac: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32 && key.length !== 48 && key.length !== 64) {
      throw new RangeError('AES-SIV key must be 32, 48 or 64 bytes');
    }
    const half = key.length / 2;
    this.cmac = new AesCmac(key.subarray(0, half));
    this.ctrKey = Buffer.from(key.subarray(half));
    this.ctrAlgorithm = `aes-${half * 8}-ctr`;
    this.zeroMac = this.cmac.mac(Buffer.alloc(16));
  }

  /** Returns V || C (16 bytes longer than the plaintext). */
  encrypt(plaintext: Uint8Array, associatedData: readonly Uint8Array[] = []): Buffer {
    const v = this.s2v(associatedData, plaintext);
    return Buffer.concat([v, this.ctr(v, plaintext)]);
  }

  decrypt(ciphertext: Uint8Array, associatedData: readonly Uint8Array[] = []): Buffer {
    if (ciphertext.length < 16) throw new SivAuthenticationError();
    const v = ciphertext.subarray(0, 16);
    const plaintext = this.ctr(v, ciphertext.subarray(16));
    const t = this.s2v(associatedData, plaintext);
    if (!timingSafeEqual(t, v)) throw new SivAuthenticationError();
    return plaintext;
  }

  private s2v(associatedData: readonly Uint8Array[], plaintext: Uint8Array): Buffer {
    if (associatedData.length > 126)
      throw new RangeError('AES-SIV accepts at most 126 associated data items');
    let d = this.zeroMac;
    for (const ad of associatedData) {
      d = dbl(d);
      xorInto(d, this.cmac.mac(ad));
    }
    if (plaintext.length >= 16) {
      const t = Buffer.from(plaintext);
      xorInto(t, d, t.length - 16);
      return this.cmac.mac(t);
    }
    const t = dbl(d);
    const padded = Buffer.alloc(16);
    padded.set(plaintext);
    padded[plaintext.length] = 0x80;
    xorInto(t, padded);
    return this.cmac.mac(t);
  }

  private ctr(v: Uint8Array, data: Uint8Array): Buffer {
    const q = Buffer.from(v);
    q[8] = q[8]! & 0x7f;
    q[12] = q[12]! & 0x7f;
    const cipher = createCipheriv(this.ctrAlgorithm, this.ctrKey, q);
    return Buffer.concat([cipher.update(data), cipher.final()]);
  }
}
