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
    const vs = this.cmacPacked(s2vInputs(plaintexts, d));
    return this.ctrMany(plaintexts, vs);
  }

  /** S2V's running value after the associated data (the same for the whole batch). */
  private adState(associatedData: readonly Uint8Array[]): Buffer {
    let d = this.cmacPacked(pack([Buffer.alloc(16)]));
    if (associatedData.length) {
      const macs = this.cmacPacked(pack(associatedData));
      for (let m = 0; m < associatedData.length; m++) {
        d = dbl(d);
        xorInto(d, macs.subarray(m * 16, m * 16 + 16));
      }
    }
    return d.subarray(0, 16);
  }

  /**
   * AES-CMAC of each packed message, all tags in one buffer (16 bytes each). Round r runs block r of
   * every message that has one through one ECB call. Everything lives in a few large buffers: a
   * small Buffer per value and round cost more in allocation and GC than the AES itself.
   */
  private cmacPacked(m: Packed): Buffer {
    const { data, offsets, lengths } = m;
    const n = lengths.length;
    const blocks = new Int32Array(n);
    let rounds = 0;
    for (let i = 0; i < n; i++) {
      blocks[i] = Math.max(1, Math.ceil(lengths[i]! / 16));
      if (blocks[i]! > rounds) rounds = blocks[i]!;
    }
    const state = Buffer.alloc(n * 16);
    let lanes = Int32Array.from({ length: n }, (_, i) => i);
    const input = Buffer.allocUnsafe(n * 16);
    const { k1, k2 } = this;
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < lanes.length; k++) {
        const i = lanes[k]!;
        const at = k * 16;
        const src = offsets[i]! + r * 16;
        const si = i * 16;
        if (r < blocks[i]! - 1) {
          for (let j = 0; j < 16; j++) input[at + j] = state[si + j]! ^ data[src + j]!;
          continue;
        }
        const take = lengths[i]! - r * 16;
        const complete = lengths[i]! > 0 && take === 16;
        const sub = complete ? k1 : k2;
        for (let j = 0; j < 16; j++) {
          const byte = j < take ? data[src + j]! : j === take ? 0x80 : 0;
          input[at + j] = state[si + j]! ^ byte ^ sub[j]!;
        }
      }
      const output = this.mac.encrypt(input.subarray(0, lanes.length * 16));
      for (let k = 0; k < lanes.length; k++) {
        const si = lanes[k]! * 16;
        for (let j = 0; j < 16; j++) state[si + j] = output[k * 16 + j]!;
      }
      if (r + 1 < rounds) lanes = lanes.filter((i) => blocks[i]! > r + 1);
    }
    return state;
  }

  /** V || (P xor keystream) for each value, the counter blocks of all values in one ECB call. */
  private ctrMany(plaintexts: readonly Uint8Array[], vs: Buffer): Buffer[] {
    const n = plaintexts.length;
    let blocks = 0;
    let size = 0;
    for (const p of plaintexts) {
      blocks += Math.ceil(p.length / 16);
      size += 16 + p.length;
    }
    const counters = Buffer.allocUnsafe(blocks * 16);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = i * 16;
      // RFC 5297 clears the top bit of the last two 32-bit words, so adding the block index to
      // the last word never carries (values are far below 2^31 blocks).
      const w0 = vs.readUInt32BE(v + 12) & 0x7fffffff;
      const count = Math.ceil(plaintexts[i]!.length / 16);
      for (let b = 0; b < count; b++) {
        for (let j = 0; j < 12; j++) counters[at + j] = vs[v + j]!;
        counters[at + 8] = counters[at + 8]! & 0x7f;
        counters.writeUInt32BE(w0 + b, at + 12);
        at += 16;
      }
    }
    const stream = blocks ? this.ctr.encrypt(counters) : Buffer.alloc(0);
    const out = Buffer.allocUnsafe(size);
    const results: Buffer[] = new Array<Buffer>(n);
    let o = 0;
    at = 0;
    for (let i = 0; i < n; i++) {
      const p = plaintexts[i]!;
      for (let j = 0; j < 16; j++) out[o + j] = vs[i * 16 + j]!;
      for (let j = 0; j < p.length; j++) out[o + 16 + j] = p[j]! ^ stream[at + j]!;
      results[i] = out.subarray(o, o + 16 + p.length);
      o += 16 + p.length;
      at += Math.ceil(p.length / 16) * 16;
    }
    return results;
  }
}

/** Messages laid out one after another in one buffer, each starting on a 16-byte boundary. */
interface Packed {
  data: Uint8Array;
  offsets: Int32Array;
  lengths: Int32Array;
}

function pack(messages: readonly Uint8Array[]): Packed {
  const offsets = new Int32Array(messages.length);
  const lengths = new Int32Array(messages.length);
  let size = 0;
  messages.forEach((m, i) => {
    offsets[i] = size;
    lengths[i] = m.length;
    size += Math.max(1, Math.ceil(m.length / 16)) * 16;
  });
  const data = new Uint8Array(size);
  messages.forEach((m, i) => data.set(m, offsets[i]));
  return { data, offsets, lengths };
}

/**
 * S2V's last CMAC input for each plaintext, packed: P xorend D when P has a full block, else
 * dbl(D) xor pad(P) (always one full block).
 */
function s2vInputs(plaintexts: readonly Uint8Array[], d: Buffer): Packed {
  const n = plaintexts.length;
  const offsets = new Int32Array(n);
  const lengths = new Int32Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const len = Math.max(16, plaintexts[i]!.length);
    offsets[i] = size;
    lengths[i] = len;
    size += Math.ceil(len / 16) * 16;
  }
  const data = new Uint8Array(size);
  const d2 = dbl(d);
  for (let i = 0; i < n; i++) {
    const p = plaintexts[i]!;
    const at = offsets[i]!;
    if (p.length >= 16) {
      data.set(p, at);
      const end = at + p.length - 16;
      for (let j = 0; j < 16; j++) data[end + j] = data[end + j]! ^ d[j]!;
    } else {
      for (let j = 0; j < 16; j++) data[at + j] = d2[j]!;
      for (let j = 0; j < p.length; j++) data[at + j] = data[at + j]! ^ p[j]!;
      data[at + p.length] = data[at + p.length]! ^ 0x80;
    }
  }
  return { data, offsets, lengths };
}
