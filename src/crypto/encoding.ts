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

/**
 * UTF-8 encoder into a growing scratch buffer: an ASCII fast path (the common case for
 * identifiers) and Buffer.write otherwise. Returns the byte length; bytes are in `.bytes`.
 */
export class Utf8Scratch {
  bytes: Buffer = Buffer.alloc(256);

  encode(text: string): number {
    const n = text.length;
    if (n * 3 > this.bytes.length) this.bytes = Buffer.alloc(n * 3 + 64);
    const out = this.bytes;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return out.write(text, 0, 'utf8');
      out[i] = c;
    }
    return n;
  }
}
