/**
 * Numeral strings as in NIST SP 800-38G: arrays of digits in [0, radix). Conversions to and from
 * BigInt work in chunks that fit a double exactly, so a 16-digit string costs two BigInt steps.
 */
export type Digits = number[];

const chunkCache = new Map<number, { size: number; scale: bigint }>();

function chunkFor(radix: number): { size: number; scale: bigint } {
  let cached = chunkCache.get(radix);
  if (!cached) {
    let size = 0;
    let scale = 1;
    while (scale * radix <= 2 ** 52) {
      scale *= radix;
      size++;
    }
    cached = { size, scale: BigInt(scale) };
    chunkCache.set(radix, cached);
  }
  return cached;
}

/** NUM_radix(X[start..end)), most significant digit first. */
export function numRadix(x: Digits, start: number, end: number, radix: number): bigint {
  const { size, scale } = chunkFor(radix);
  let acc = 0n;
  for (let i = start; i < end; i += size) {
    const stop = Math.min(i + size, end);
    let chunk = 0;
    let chunkScale = 1;
    for (let j = i; j < stop; j++) {
      chunk = chunk * radix + x[j]!;
      chunkScale *= radix;
    }
    acc = acc * (stop - i === size ? scale : BigInt(chunkScale)) + BigInt(chunk);
  }
  return acc;
}

/** NUM_radix(REV(X[start..end))): the least significant digit first. */
export function numRadixReversed(x: Digits, start: number, end: number, radix: number): bigint {
  const reversed: Digits = [];
  for (let i = end - 1; i >= start; i--) reversed.push(x[i]!);
  return numRadix(reversed, 0, reversed.length, radix);
}

/** STR^m_radix(value): exactly m digits, most significant first, into `out` at `offset`. */
export function strRadix(value: bigint, m: number, radix: number, out: Digits, offset: number): void {
  const { size, scale } = chunkFor(radix);
  let rest = value;
  let pos = offset + m;
  while (pos > offset) {
    const take = Math.min(size, pos - offset);
    let chunk: number;
    if (take === size) {
      chunk = Number(rest % scale);
      rest /= scale;
    } else {
      const s = BigInt(radix ** take);
      chunk = Number(rest % s);
      rest /= s;
    }
    for (let k = 0; k < take; k++) {
      out[--pos] = chunk % radix;
      chunk = Math.floor(chunk / radix);
    }
  }
}

/** Big-endian bytes of a non-negative integer, left-padded to `length`, into `out` at `offset`. */
export function writeBigEndian(value: bigint, length: number, out: Uint8Array, offset: number): void {
  let rest = value;
  for (let i = offset + length - 1; i >= offset; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** The unsigned big-endian integer in `bytes`. */
export function readBigEndian(bytes: Uint8Array): bigint {
  let acc = 0n;
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) {
    const word = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    acc = (acc << 32n) | BigInt(word);
  }
  for (; i < bytes.length; i++) acc = (acc << 8n) | BigInt(bytes[i]!);
  return acc;
}

/** Non-negative remainder. */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}
