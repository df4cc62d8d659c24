import { AesBlock, dbl, xorInto } from './aes-block.js';

/**
 * AES-SIV (RFC 5297) for many plaintexts under the same associated data, with a few AES-ECB calls
 * per batch instead of several cipher calls per value. CMAC is CBC-MAC, sequential within a message
 * but independent across messages: round r encrypts block r of every message that has one, all in
 * one ECB call (lanes). CTR's counter blocks for the whole batch go through one more ECB call.
 * Output is bit-identical to AesSiv.encrypt (tests compare them on RFC vectors and random inputs).
 */
export class SivBatch {
  private readonly mac: AesBlock;
  private readonly ctr: AesBlock;
  private readonly k1: Buffer;
  private readonly k2: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32 && key.length !== 48 && key.length !== 64) {
      throw new RangeError('AES-SIV key must be 32, 48 or 64 bytes');
    }
    const half = key.length / 2;
    this.mac = new AesBlock(key.subarray(0, half));
    this.ctr = new AesBlock(key.subarray(half));
    this.k1 = dbl(this.mac.encrypt(Buffer.alloc(16)));
    this.k2 = dbl(this.k1);
  }

  /** V || C for each plaintext, all under the same associated data items. */
  encryptMany(plaintexts: readonly Uint8Array[], associatedData: readonly Uint8Array[] = []): Buffer[] {
    if (associatedData.length > 126)
      throw new RangeError('AES-SIV accepts at most 126 associated data items');
    const d = this.adState(associatedData);
    const messages = plaintexts.map((p) => s2vInput(p, d));
    const vs = this.cmacMany(messages);
    return this.ctrMany(plaintexts, vs);
  }

  /** S2V's running value after the associated data (the same for the whole batch). */
  private adState(associatedData: readonly Uint8Array[]): Buffer {
    let d = this.cmacMany([Buffer.alloc(16)])[0]!;
    if (associatedData.length) {
      const macs = this.cmacMany(associatedData);
      for (const m of macs) {
        d = dbl(d);
        xorInto(d, m);
      }
    }
    return d;
  }

  /** AES-CMAC of each message; round r runs block r of every message in one ECB call. */
  private cmacMany(messages: readonly Uint8Array[]): Buffer[] {
    const n = messages.length;
    const blocks = messages.map((m) => Math.max(1, Math.ceil(m.length / 16)));
    const rounds = blocks.reduce((a, b) => Math.max(a, b), 0);
    const state = Buffer.alloc(n * 16);
    let lanes = Array.from({ length: n }, (_, i) => i);
    for (let r = 0; r < rounds; r++) {
      const input = Buffer.allocUnsafe(lanes.length * 16);
      lanes.forEach((i, k) => {
        const m = messages[i]!;
        const at = k * 16;
        state.copy(input, at, i * 16, i * 16 + 16);
        const last = r === blocks[i]! - 1;
        if (!last) {
          for (let j = 0; j < 16; j++) input[at + j] = input[at + j]! ^ m[r * 16 + j]!;
          return;
        }
        const take = m.length - r * 16;
        for (let j = 0; j < take; j++) input[at + j] = input[at + j]! ^ m[r * 16 + j]!;
        const complete = m.length > 0 && take === 16;
        if (!complete) input[at + take] = input[at + take]! ^ 0x80;
        const sub = complete ? this.k1 : this.k2;
        for (let j = 0; j < 16; j++) input[at + j] = input[at + j]! ^ sub[j]!;
      });
      const output = this.mac.encrypt(input);
      lanes.forEach((i, k) => output.copy(state, i * 16, k * 16, k * 16 + 16));
      lanes = lanes.filter((i) => blocks[i]! > r + 1);
    }
    return Array.from({ length: n }, (_, i) => state.subarray(i * 16, i * 16 + 16));
  }

  /** V || (P xor keystream), the counter blocks of all values in one ECB call. */
  private ctrMany(plaintexts: readonly Uint8Array[], vs: readonly Buffer[]): Buffer[] {
    let total = 0;
    for (const p of plaintexts) total += Math.ceil(p.length / 16);
    const counters = Buffer.allocUnsafe(total * 16);
    let at = 0;
    plaintexts.forEach((p, i) => {
      const q = vs[i]!;
      // RFC 5297 clears the top bit of the last two 32-bit words, so adding the block index to
      // the last word never carries (values are far below 2^31 blocks).
      const w0 = q.readUInt32BE(12) & 0x7fffffff;
      for (let b = 0; b < Math.ceil(p.length / 16); b++) {
        q.copy(counters, at, 0, 12);
        counters[at + 8] = counters[at + 8]! & 0x7f;
        counters.writeUInt32BE(w0 + b, at + 12);
        at += 16;
      }
    });
    const stream = total ? this.ctr.encrypt(counters) : Buffer.alloc(0);
    at = 0;
    return plaintexts.map((p, i) => {
      const out = Buffer.allocUnsafe(16 + p.length);
      vs[i]!.copy(out, 0);
      for (let j = 0; j < p.length; j++) out[16 + j] = p[j]! ^ stream[at + j]!;
      at += Math.ceil(p.length / 16) * 16;
      return out;
    });
  }
}

/** S2V's last CMAC input: P xorend D when P has a full block, else dbl(D) xor pad(P). */
function s2vInput(p: Uint8Array, d: Buffer): Buffer {
  if (p.length >= 16) {
    const t = Buffer.from(p);
    xorInto(t, d, t.length - 16);
    return t;
  }
  const t = dbl(d);
  for (let j = 0; j < p.length; j++) t[j] = t[j]! ^ p[j]!;
  t[p.length] = t[p.length]! ^ 0x80;
  return t;
}
