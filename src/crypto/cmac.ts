import { AesBlock, dbl, xorInto } from './aes-block.js';

/** AES-CMAC (RFC 4493 / NIST SP 800-38B) with the subkeys computed once per key. */
export class AesCmac {
  private readonly aes: AesBlock;
  private readonly k1: Buffer;
  private readonly k2: Buffer;

  constructor(key: Uint8Array) {
    this.aes = new AesBlock(key);
    const l = this.aes.encrypt(Buffer.alloc(16));
    this.k1 = dbl(l);
    this.k2 = dbl(this.k1);
  }

  mac(message: Uint8Array): Buffer {
    const blocks = Math.max(1, Math.ceil(message.length / 16));
    const complete = message.length > 0 && message.length % 16 === 0;
    const last = Buffer.alloc(16);
    const tailStart = (blocks - 1) * 16;
    last.set(message.subarray(tailStart));
    if (complete) xorInto(last, this.k1);
    else {
      last[message.length - tailStart] = 0x80;
      xorInto(last, this.k2);
    }
    let x: Buffer = Buffer.alloc(16);
    for (let i = 0; i < blocks - 1; i++) {
      xorInto(x, message.subarray(i * 16, i * 16 + 16));
      x = this.aes.encrypt(x);
    }
    xorInto(x, last);
    return this.aes.encrypt(x);
  }
}
