import { AesBlock, xorInto } from './aes-block.js';
import { mod, numRadix, readBigEndian, strRadix, writeBigEndian, type Digits } from './numeral.js';

/** Per input length: the constants of SP 800-38G Algorithm 7 that do not depend on the data. */
interface Shape {
  u: number;
  v: number;
  b: number;
  d: number;
  modU: bigint;
  modV: bigint;
}

/**
 * FF1 format-preserving encryption (NIST SP 800-38G, Algorithm 7/8) over AES from node crypto.
 * The round state is kept as integers (NUM_radix of the halves) so digits are converted only at
 * the ends, and CIPH(P) is cached per (length, tweak length) because P does not depend on the data.
 */
export class FF1 {
  private readonly aes: AesBlock;
  private readonly shapes = new Map<number, Shape>();
  private readonly cipheredP = new Map<string, Buffer>();

  constructor(
    key: Uint8Array,
    readonly radix: number,
    readonly maxTweakLength = 256,
  ) {
    if (!Number.isInteger(radix) || radix < 2 || radix > 65536)
      throw new RangeError('FF1 radix must be 2..65536');
    this.aes = new AesBlock(key);
  }

  /** Smallest allowed length: radix^minlen >= 1,000,000 (SP 800-38G Rev 1). */
  get minLength(): number {
    return Math.max(2, Math.ceil(Math.log(1e6) / Math.log(this.radix) - 1e-9));
  }

  encrypt(x: Digits, tweak: Uint8Array = EMPTY): Digits {
    return this.encryptMany([x], [tweak])[0]!;
  }

  decrypt(x: Digits, tweak: Uint8Array = EMPTY): Digits {
    return this.decryptMany([x], [tweak])[0]!;
  }

  /**
   * Encrypts many values at once: each Feistel round does one AES call over the blocks of all
   * values of the same shape, instead of one call per value (node's per-call cost dominates).
   */
  encryptMany(xs: readonly Digits[], tweaks: readonly Uint8Array[]): Digits[] {
    return this.runMany(xs, tweaks, true);
  }

  decryptMany(xs: readonly Digits[], tweaks: readonly Uint8Array[]): Digits[] {
    return this.runMany(xs, tweaks, false);
  }

  private runMany(xs: readonly Digits[], tweaks: readonly Uint8Array[], forward: boolean): Digits[] {
    const out: Digits[] = new Array<Digits>(xs.length);
    const groups = new Map<string, number[]>();
    xs.forEach((x, k) => {
      const key = `${x.length}:${(tweaks[k] ?? EMPTY).length}`;
      const group = groups.get(key);
      if (group) group.push(k);
      else groups.set(key, [k]);
    });
    for (const indices of groups.values()) {
      const results = this.runGroup(
        indices.map((k) => xs[k]!),
        indices.map((k) => tweaks[k] ?? EMPTY),
        forward,
      );
      indices.forEach((k, j) => (out[k] = results[j]!));
    }
    return out;
  }

  /** Algorithm 7 (forward) or 8 for values sharing length n and tweak length t. */
  private runGroup(xs: Digits[], tweaks: Uint8Array[], forward: boolean): Digits[] {
    const n = xs[0]!.length;
    const s = this.shape(n, tweaks[0]!);
    if (s.modV <= SMALL_MODULUS) return this.runGroupSmall(xs, tweaks, forward, s);
    const a = xs.map((x) => numRadix(x, 0, s.u, this.radix));
    const b = xs.map((x) => numRadix(x, s.u, n, this.radix));
    for (let r = 0; r < 10; r++) {
      const i = forward ? r : 9 - r;
      const modulus = i % 2 === 0 ? s.modU : s.modV;
      const y = this.roundValues(n, tweaks, i, forward ? b : a, s);
      for (let k = 0; k < xs.length; k++) {
        if (forward) {
          const c = (a[k]! + y[k]!) % modulus;
          a[k] = b[k]!;
          b[k] = c;
        } else {
          const c = mod(b[k]! - y[k]!, modulus);
          b[k] = a[k]!;
          a[k] = c;
        }
      }
    }
    return xs.map((_, k) => this.digits(a[k]!, b[k]!, s));
  }

  /**
   * The same rounds in double arithmetic when radix^v < 2^45 (e.g. up to 26 decimal digits): every
   * intermediate stays below 2^53, so results are exact, and BigInt allocation is avoided.
   */
  private runGroupSmall(xs: Digits[], tweaks: Uint8Array[], forward: boolean, s: Shape): Digits[] {
    const n = xs[0]!.length;
    const radix = this.radix;
    const modU = Number(s.modU);
    const modV = Number(s.modV);
    const a = xs.map((x) => smallNum(x, 0, s.u, radix));
    const b = xs.map((x) => smallNum(x, s.u, n, radix));
    const y: number[] = new Array<number>(xs.length);
    for (let r = 0; r < 10; r++) {
      const i = forward ? r : 9 - r;
      const modulus = i % 2 === 0 ? modU : modV;
      const halves = forward ? b : a;
      const rOut = this.prf(n, tweaks, i, s, (q, k, at) => writeSmall(halves[k]!, s.b, q, at));
      const step = Math.max(1, Math.floor((53 - Math.log2(modulus) - 1) / 8));
      for (let k = 0; k < xs.length; k++) y[k] = bytesModulo(rOut, k * 16, s.d, step, modulus);
      for (let k = 0; k < xs.length; k++) {
        if (forward) {
          const c = reduce(a[k]! + y[k]!, modulus);
          a[k] = b[k]!;
          b[k] = c;
        } else {
          const c = reduce(b[k]! - y[k]! + modulus, modulus);
          b[k] = a[k]!;
          a[k] = c;
        }
      }
    }
    return xs.map((_, k) => {
      const out: Digits = new Array<number>(n);
      writeDigits(a[k]!, s.u, radix, out, 0);
      writeDigits(b[k]!, s.v, radix, out, s.u);
      return out;
    });
  }

  private digits(a: bigint, b: bigint, s: Shape): Digits {
    const out: Digits = new Array<number>(s.u + s.v);
    strRadix(a, s.u, this.radix, out, 0);
    strRadix(b, s.v, this.radix, out, s.u);
    return out;
  }

  /** Steps i..iv of one round for every value: y = NUM(S), S from PRF(P || Q) (CBC-MAC). */
  private roundValues(n: number, tweaks: Uint8Array[], i: number, halves: bigint[], s: Shape): bigint[] {
    const r = this.prf(n, tweaks, i, s, (q, k, at) => writeBigEndian(halves[k]!, s.b, q, at));
    const ys: bigint[] = new Array<bigint>(halves.length);
    for (let k = 0; k < halves.length; k++)
      ys[k] = readBigEndian(this.expand(r.subarray(k * 16, k * 16 + 16), s.d));
    return ys;
  }

  /**
   * PRF(P || Q) for every value of the batch, one AES call per 16-byte level of Q. `writeHalf`
   * writes [NUM_radix(half_k)]^b at offset `at` of the Q buffer. Returns the R blocks, 16 bytes each.
   */
  private prf(
    n: number,
    tweaks: Uint8Array[],
    i: number,
    s: Shape,
    writeHalf: (q: Buffer, k: number, at: number) => void,
  ): Buffer {
    const count = tweaks.length;
    const t = tweaks[0]!.length;
    const pad = (((-t - s.b - 1) % 16) + 16) % 16;
    const qLength = t + pad + 1 + s.b;
    const q = Buffer.alloc(count * qLength);
    for (let k = 0; k < count; k++) {
      const base = k * qLength;
      q.set(tweaks[k]!, base);
      q[base + t + pad] = i;
      writeHalf(q, k, base + t + pad + 1);
    }
    const cipheredP = this.cipherP(n, t);
    const chain = Buffer.alloc(count * 16);
    let r: Buffer | undefined;
    for (let level = 0; level < qLength; level += 16) {
      for (let k = 0; k < count; k++) {
        const at = k * 16;
        const prev = r ? r.subarray(at, at + 16) : cipheredP;
        for (let j = 0; j < 16; j++) chain[at + j] = prev[j]! ^ q[k * qLength + level + j]!;
      }
      r = this.aes.encrypt(chain);
    }
    return r!;
  }

  /** S = R || CIPH(R xor [1]^16) || CIPH(R xor [2]^16) ..., first d bytes. */
  private expand(r: Buffer, d: number): Buffer {
    if (d <= 16) return r.subarray(0, d);
    const parts: Buffer[] = [Buffer.from(r)];
    for (let j = 1; j * 16 < d; j++) {
      const block = Buffer.from(r);
      const counter = Buffer.alloc(16);
      counter.writeUInt32BE(j, 12);
      xorInto(block, counter);
      parts.push(this.aes.encrypt(block));
    }
    return Buffer.concat(parts).subarray(0, d);
  }

  private cipherP(n: number, t: number): Buffer {
    const key = `${n}:${t}`;
    let cached = this.cipheredP.get(key);
    if (!cached) {
      const p = Buffer.from([1, 2, 1, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      p.writeUIntBE(this.radix, 3, 3);
      p[7] = Math.floor(n / 2) % 256;
      p.writeUInt32BE(n, 8);
      p.writeUInt32BE(t, 12);
      cached = this.aes.encrypt(p);
      this.cipheredP.set(key, cached);
    }
    return cached;
  }

  private shape(n: number, tweak: Uint8Array): Shape {
    if (n < this.minLength || n > 2 ** 32 - 1) {
      throw new RangeError(`FF1 input length must be at least ${this.minLength} for radix ${this.radix}`);
    }
    if (tweak.length > this.maxTweakLength) throw new RangeError('FF1 tweak is too long');
    let s = this.shapes.get(n);
    if (!s) {
      const u = Math.floor(n / 2);
      const v = n - u;
      const modV = BigInt(this.radix) ** BigInt(v);
      const b = Math.ceil((modV - 1n).toString(2).length / 8);
      s = { u, v, b, d: 4 * Math.ceil(b / 4) + 4, modU: BigInt(this.radix) ** BigInt(u), modV };
      this.shapes.set(n, s);
    }
    return s;
  }
}

const EMPTY = new Uint8Array(0);
const SMALL_MODULUS = 2n ** 45n;

/** x mod m for 0 <= x < 2^53 by division (cheaper than the float `%` V8 uses above int32). */
function reduce(x: number, m: number): number {
  let r = x - Math.floor(x / m) * m;
  if (r < 0) r += m;
  else if (r >= m) r -= m;
  return r;
}

/** NUM(bytes[at..at+length)) mod m, taking `step` bytes at a time so acc * 256^step < 2^53. */
function bytesModulo(bytes: Uint8Array, at: number, length: number, step: number, m: number): number {
  let acc = 0;
  for (let j = 0; j < length; j += step) {
    const take = Math.min(step, length - j);
    let chunk = 0;
    for (let q = 0; q < take; q++) chunk = chunk * 256 + bytes[at + j + q]!;
    acc = reduce(acc * 2 ** (8 * take) + chunk, m);
  }
  return acc;
}

function smallNum(x: Digits, start: number, end: number, radix: number): number {
  let acc = 0;
  for (let i = start; i < end; i++) acc = acc * radix + x[i]!;
  return acc;
}

function writeSmall(value: number, length: number, out: Uint8Array, offset: number): void {
  let rest = value;
  for (let i = offset + length - 1; i >= offset; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

function writeDigits(value: number, m: number, radix: number, out: Digits, offset: number): void {
  let rest = value;
  for (let i = offset + m - 1; i >= offset; i--) {
    out[i] = rest % radix;
    rest = Math.floor(rest / radix);
  }
}
