/** Text encodings used by tokens and pseudonyms, tuned for short outputs produced millions of times. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export type OutputEncoding = 'hex' | 'base32' | 'base64url';

export function encodeBytes(bytes: Uint8Array, start: number, end: number, encoding: OutputEncoding): string {
  if (encoding === 'hex') {
    if (Buffer.isBuffer(bytes)) return bytes.toString('hex', start, end);
    let s = '';
    for (let i = start; i < end; i++) s += HEX[bytes[i]!]!;
    return s;
  }
  if (encoding === 'base32') return base32(bytes, start, end);
  if (Buffer.isBuffer(bytes)) return bytes.toString('base64url', start, end);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('base64url');
}

/** RFC 4648 base32, lowercase, without padding. */
function base32(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  let buffer = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    buffer = ((buffer << 8) | bytes[i]!) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      s += BASE32[(buffer >>> (bits - 5)) & 31]!;
      bits -= 5;
    }
  }
  if (bits > 0) s += BASE32[(buffer << (5 - bits)) & 31]!;
  return s;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** The two hex digits of each byte as one 16-bit store (in platform byte order). */
const HEX_PAIRS = Uint16Array.from(HEX, (s) =>
  LITTLE_ENDIAN ? s.charCodeAt(0) | (s.charCodeAt(1) << 8) : (s.charCodeAt(0) << 8) | s.charCodeAt(1),
);
type Latin1Slice = (this: Buffer, start: number, end: number) => string;
/** Node's Buffer#latin1Slice skips toString's argument and encoding dispatch; toString otherwise. */
const latin1Slice: Latin1Slice =
  (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice ??
  function (this: Buffer, start: number, end: number) {
    return this.toString('latin1', start, end);
  };

/**
 * Encodes the first `bytes` bytes of a digest given as big-endian 32-bit words (as HmacSha256
 * produces it), optionally after a fixed prefix: `prefix + encodeBytes(digestBytes, 0, bytes,
 * encoding)`. Hex, the default and the hot case, is written as bytes into a scratch buffer that
 * already holds the prefix (two digits per 16-bit store) and read back with one latin1 decode;
 * the other encodings go through encodeBytes.
 */
export class DigestEncoder {
  private readonly digest = Buffer.alloc(32);
  private readonly out: Buffer;
  private readonly pairs: Uint16Array;
  /** The prefix occupies out[from..start); `start` is even so that hex pairs are aligned. */
  private readonly from: number;
  private readonly start: number;
  private readonly outerPrefix: string;

  constructor(
    private readonly encoding: OutputEncoding,
    private readonly bytes: number,
    private readonly prefix = '',
  ) {
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > 32) throw new RangeError(`digest bytes ${bytes}`);
    // A prefix that is not latin1 cannot go through the byte buffer: concatenated instead.
    const latin1 = [...prefix].every((ch) => ch.charCodeAt(0) < 0x100);
    const inner = latin1 ? prefix.length : 0;
    this.outerPrefix = latin1 ? '' : prefix;
    this.from = inner & 1;
    this.start = this.from + inner;
    const buffer = new ArrayBuffer(this.start + 64);
    this.out = Buffer.from(buffer);
    this.pairs = new Uint16Array(buffer);
    if (latin1) this.out.write(prefix, this.from, 'latin1');
  }

  encode(words: Int32Array): string {
    if (this.encoding !== 'hex')
      return this.prefix + encodeBytes(this.bytesOf(words), 0, this.bytes, this.encoding);
    const s = this.hex(words);
    return this.outerPrefix === '' ? s : this.outerPrefix + s;
  }

  private hex(words: Int32Array): string {
    const pairs = this.pairs;
    const n = this.bytes;
    let k = this.start >>> 1;
    const whole = n >>> 2;
    for (let i = 0; i < whole; i++) {
      const v = words[i]!;
      pairs[k] = HEX_PAIRS[v >>> 24]!;
      pairs[k + 1] = HEX_PAIRS[(v >>> 16) & 255]!;
      pairs[k + 2] = HEX_PAIRS[(v >>> 8) & 255]!;
      pairs[k + 3] = HEX_PAIRS[v & 255]!;
      k += 4;
    }
    for (let j = whole * 4; j < n; j++)
      pairs[k++] = HEX_PAIRS[(words[j >>> 2]! >>> (24 - 8 * (j & 3))) & 255]!;
    return latin1Slice.call(this.out, this.from, k * 2);
  }

  private bytesOf(words: Int32Array): Buffer {
    const d = this.digest;
    for (let i = 0; i < 8; i++) d.writeInt32BE(words[i]!, i * 4);
    return d;
  }
}
