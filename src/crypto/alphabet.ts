import type { Digits } from './numeral.js';

/** Maps between text and numeral strings for format-preserving encryption. */
export class Alphabet {
  readonly radix: number;
  private readonly symbols: string[];
  private readonly index = new Map<string, number>();

  constructor(readonly chars: string) {
    this.symbols = Array.from(chars);
    this.symbols.forEach((c, i) => this.index.set(c, i));
    if (this.index.size !== this.symbols.length) throw new RangeError('alphabet has repeated characters');
    if (this.symbols.length < 2) throw new RangeError('alphabet needs at least 2 characters');
    this.radix = this.symbols.length;
  }

  /** The standard digits for a radix up to 36: 0-9 then a-z. */
  static forRadix(radix: number): Alphabet {
    return new Alphabet('0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix));
  }

  has(c: string): boolean {
    return this.index.has(c);
  }

  /** Digits of `text`, or undefined if a character is outside the alphabet. */
  toDigits(text: string): Digits | undefined {
    const out: Digits = [];
    for (const c of text) {
      const d = this.index.get(c);
      if (d === undefined) return undefined;
      out.push(d);
    }
    return out;
  }

  toText(digits: Digits): string {
    let s = '';
    for (const d of digits) s += this.symbols[d]!;
    return s;
  }
}

export const NAMED_ALPHABETS = {
  digits: '0123456789',
  hex: '0123456789abcdef',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alnum: '0123456789abcdefghijklmnopqrstuvwxyz',
  alnum_mixed: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
} as const;
