import { AesBlock } from './aes-block.js';
import { numRadixReversed, readBigEndian, mod, strRadix, writeBigEndian, type Digits } from './numeral.js';

export type Ff3Variant = 'ff3' | 'ff3-1';

/**
 * FF3 (SP 800-38G, 64-bit tweak) and FF3-1 (SP 800-38G Rev 1, 56-bit tweak). NIST's second draft
 * revision of SP 800-38G withdraws FF3-1 too; Veil keeps it for interoperability and flags it.
 * State is kept as NUM_radix(REV(half)) integers; the AES key is REVB(K).
 */
export class FF3 {
  private readonly aes: AesBlock;
  readonly maxLength: number;

  constructor(
    key: Uint8Array,
    readonly radix: number,
    readonly variant: Ff3Variant = 'ff3-1',
  ) {
    if (!Number.isInteger(radix) || radix < 2 || radix > 65536)
      throw new RangeError('FF3 radix must be 2..65536');
    this.aes = new AesBlock(Buffer.from(key).reverse());
    this.maxLength = 2 * Math.floor(96 / Math.log2(radix));
  }

  get minLength(): number {
    return Math.max(2, Math.ceil(Math.log(1e6) / Math.log(this.radix) - 1e-9));
  }

  get tweakLength(): number {
    return this.variant === 'ff3' ? 8 : 7;
  }

  encrypt(x: Digits, tweak: Uint8Array): Digits {
    const { u, v, left, right } = this.setup(x, tweak);
    let a = numRadixReversed(x, 0, u, this.radix);
    let b = numRadixReversed(x, u, x.length, this.radix);
    for (let i = 0; i < 8; i++) {
      const even = i % 2 === 0;
      const y = this.roundValue(even ? right : left, i, b);
      const c = (a + y) % BigInt(this.radix) ** BigInt(even ? u : v);
      a = b;
      b = c;
    }
    return this.digits(a, b, u, v);
  }

  decrypt(x: Digits, tweak: Uint8Array): Digits {
    const { u, v, left, right } = this.setup(x, tweak);
    let a = numRadixReversed(x, 0, u, this.radix);
    let b = numRadixReversed(x, u, x.length, this.radix);
    for (let i = 7; i >= 0; i--) {
      const even = i % 2 === 0;
      const y = this.roundValue(even ? right : left, i, a);
      const c = mod(b - y, BigInt(this.radix) ** BigInt(even ? u : v));
      b = a;
      a = c;
    }
    return this.digits(a, b, u, v);
  }

  private setup(x: Digits, tweak: Uint8Array): { u: number; v: number; left: Buffer; right: Buffer } {
    const n = x.length;
    if (n < this.minLength || n > this.maxLength) {
      throw new RangeError(
        `FF3 input length must be ${this.minLength}..${this.maxLength} for radix ${this.radix}`,
      );
    }
    if (tweak.length !== this.tweakLength) {
      throw new RangeError(`${this.variant.toUpperCase()} tweak must be ${this.tweakLength} bytes`);
    }
    const u = Math.ceil(n / 2);
    return { u, v: n - u, ...splitTweak(tweak, this.variant) };
  }

  private digits(a: bigint, b: bigint, u: number, v: number): Digits {
    const out: Digits = new Array<number>(u + v);
    strRadix(a, u, this.radix, out, 0);
    strRadix(b, v, this.radix, out, u);
    out.splice(0, u, ...out.slice(0, u).reverse());
    out.splice(u, v, ...out.slice(u).reverse());
    return out;
  }

  /** y = NUM(REVB(CIPH(REVB(W xor [i]^4 || [NUM(REV(B))]^12)))). */
  private roundValue(w: Buffer, i: number, half: bigint): bigint {
    const p = Buffer.alloc(16);
    p.set(w, 0);
    p[3] = p[3]! ^ i;
    writeBigEndian(half, 12, p, 4);
    const s = this.aes.encrypt(p.reverse()).reverse();
    return readBigEndian(s);
  }
}

function splitTweak(tweak: Uint8Array, variant: Ff3Variant): { left: Buffer; right: Buffer } {
  if (variant === 'ff3') {
    return { left: Buffer.from(tweak.subarray(0, 4)), right: Buffer.from(tweak.subarray(4, 8)) };
  }
  const left = Buffer.from([tweak[0]!, tweak[1]!, tweak[2]!, tweak[3]! & 0xf0]);
  const right = Buffer.from([tweak[4]!, tweak[5]!, tweak[6]!, (tweak[3]! & 0x0f) << 4]);
  return { left, right };
}
