/**
 * HMAC-SHA-256 of four short messages at once (one per 32-bit lane of WebAssembly SIMD i32x4),
 * for the batch pseudonym path. Each message must fit the inner block (UTF-8 of at most 55 bytes);
 * the ipad/opad midstates come from HmacSha256. The WebAssembly module is not a shipped binary:
 * its bytes are emitted below from this source (a fully unrolled 64-round compression, run twice:
 * inner block from the ipad midstate, outer block from the opad midstate), compiled once per
 * process. Where SIMD is unavailable `HmacSha256x4.create` returns null and callers stay on the
 * scalar path. Verified against node's createHmac (test/crypto/pseudonym.test.ts).
 *
 * Memory layout (bytes): 0 ipad midstate (8 words), 32 opad midstate, 256 the four message blocks
 * interleaved (word j of lane l at 256 + 16j + 4l), 512 the four digests interleaved likewise.
 * Words are stored little-endian by wasm; the Int32Array view matches only on little-endian hosts.
 */
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];

const INNER = 0;
const OUTER = 32;
const MESSAGES = 256;
const DIGESTS = 512;

type Ops = number[];

function uleb(n: number): Ops {
  const out: Ops = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): Ops {
  const out: Ops = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

// The few instructions used (locals are all v128; indices stay below 128).
const simd = (op: number): Ops => [0xfd, ...uleb(op)];
const get = (x: number): Ops => [0x20, x];
const set = (x: number): Ops => [0x21, x];
const tee = (x: number): Ops => [0x22, x];
const i32 = (v: number): Ops => [0x41, ...sleb(v | 0)];
const splat = (v: number): Ops => [
  ...simd(0x0c),
  ...Array.from({ length: 16 }, (_, i) => (v >>> (8 * (i & 3))) & 255),
];
const add = simd(0xae); // i32x4.add
const xor = simd(0x51);
const and = simd(0x4e);
const or = simd(0x50);
const shl = (n: number): Ops => [...i32(n), ...simd(0xab)];
const shr = (n: number): Ops => [...i32(n), ...simd(0xad)]; // i32x4.shr_u
const rotr = (x: number, n: number): Ops => [...get(x), ...shr(n), ...get(x), ...shl(32 - n), ...or];
const loadSplat = (address: number): Ops => [...i32(0), ...simd(0x09), 2, ...uleb(address)]; // v128.load32_splat
const load = (address: number): Ops => [...i32(0), ...simd(0x00), 4, ...uleb(address)];
const store = (address: number, x: number): Ops => [...i32(0), ...get(x), ...simd(0x0b), 4, ...uleb(address)];

/** State locals a..h, then the message schedule w0..w15. */
const S = [0, 1, 2, 3, 4, 5, 6, 7];
const W = Array.from({ length: 16 }, (_, i) => 8 + i);

/** 64 rounds on the locals; the roles of the eight state locals rotate by one per round. */
function compression(): Ops {
  const ops: Ops[] = [];
  for (let i = 0; i < 64; i++) {
    const [a, b, c, d, e, f, g, h] = S.map((j) => S[(j - i + 512) % 8]!) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const wi = W[i % 16]!;
    if (i >= 16) {
      // W[i] = W[i - 16] + σ0(W[i - 15]) + W[i - 7] + σ1(W[i - 2])
      const x = W[(i - 15) % 16]!;
      const y = W[(i - 2) % 16]!;
      ops.push(get(wi), rotr(x, 7), rotr(x, 18), xor, get(x), shr(3), xor, add, get(W[(i - 7) % 16]!), add);
      ops.push(rotr(y, 17), rotr(y, 19), xor, get(y), shr(10), xor, add, set(wi));
    }
    // h += Σ1(e) + Ch(e, f, g) + K[i] + W[i]; d += h; h += Σ0(a) + Maj(a, b, c)
    ops.push(get(h), rotr(e, 6), rotr(e, 11), xor, rotr(e, 25), xor, add);
    ops.push(get(g), get(e), get(f), get(g), xor, and, xor, add, splat(K[i]!), add, get(wi), add, tee(h));
    ops.push(get(d), add, set(d));
    ops.push(get(h), rotr(a, 2), rotr(a, 13), xor, rotr(a, 22), xor, add);
    ops.push(get(a), get(b), and, get(c), get(a), get(b), or, and, or, add, set(h));
  }
  return ops.flat();
}

/** Emits the module `(memory (export "mem") 1) (func (export "run"))`, see above. */
function emitModule(): Uint8Array {
  const ops: Ops[] = [];
  for (let j = 0; j < 8; j++) ops.push(loadSplat(INNER + 4 * j), set(S[j]!));
  for (let j = 0; j < 16; j++) ops.push(load(MESSAGES + 16 * j), set(W[j]!));
  ops.push(compression());
  // Outer block: the inner digest, 0x80, zeros, the length (64 + 32 bytes, in bits).
  for (let j = 0; j < 8; j++) ops.push(get(S[j]!), loadSplat(INNER + 4 * j), add, set(W[j]!));
  ops.push(splat(0x80000000), set(W[8]!));
  for (let j = 9; j < 15; j++) ops.push(splat(0), set(W[j]!));
  ops.push(splat((64 + 32) * 8), set(W[15]!));
  for (let j = 0; j < 8; j++) ops.push(loadSplat(OUTER + 4 * j), set(S[j]!));
  ops.push(compression());
  for (let j = 0; j < 8; j++) {
    ops.push(get(S[j]!), loadSplat(OUTER + 4 * j), add, set(S[j]!), store(DIGESTS + 16 * j, S[j]!));
  }
  const body = [1, 24, 0x7b, ...ops.flat(), 0x0b]; // one group of 24 v128 locals; end
  const section = (id: number, content: Ops): Ops => [id, ...uleb(content.length), ...content];
  const name = (s: string): Ops => [s.length, ...Array.from(s, (ch) => ch.charCodeAt(0))];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 0, 0]), // type 0: () -> ()
    ...section(3, [1, 0]), // function 0: type 0
    ...section(5, [1, 0, 1]), // memory 0: 1 page
    ...section(7, [2, ...name('run'), 0, 0, ...name('mem'), 2, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** The part of the WebAssembly API used here (the project's TypeScript lib has no typings for it). */
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { run: () => void; mem: { buffer: ArrayBuffer } } };
}
const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let compiled: object | null | undefined;

function compiledModule(): object | null {
  if (compiled === undefined) {
    compiled = null;
    if (wasm !== undefined && LITTLE_ENDIAN) {
      const bytes = emitModule();
      if (wasm.validate(bytes)) compiled = new wasm.Module(bytes);
    }
  }
  return compiled;
}

export class HmacSha256x4 {
  private readonly words: Int32Array;

  private constructor(
    private readonly runBlocks: () => void,
    memory: { buffer: ArrayBuffer },
    inner: Int32Array,
    outer: Int32Array,
  ) {
    this.words = new Int32Array(memory.buffer, 0, 1024 / 4);
    this.words.set(inner, INNER / 4);
    this.words.set(outer, OUTER / 4);
  }

  /** Four-lane HMAC from the ipad/opad midstates (HmacSha256.midstates), or null without SIMD. */
  static create(inner: Int32Array, outer: Int32Array): HmacSha256x4 | null {
    const m = compiledModule();
    if (m === null || wasm === undefined) return null;
    const { run, mem } = new wasm.Instance(m).exports;
    return new HmacSha256x4(run, mem, inner, outer);
  }

  /**
   * Writes the padded inner block of `text` into `lane` when `text` is ASCII of at most 55
   * characters; returns false (lane untouched or partly written, to be overwritten) otherwise.
   */
  packAscii(lane: number, text: string): boolean {
    const n = text.length;
    if (n > 55) return false;
    const w = this.words;
    let p = MESSAGES / 4 + lane;
    const full = n & ~3;
    let i = 0;
    for (; i < full; i += 4) {
      const c0 = text.charCodeAt(i);
      const c1 = text.charCodeAt(i + 1);
      const c2 = text.charCodeAt(i + 2);
      const c3 = text.charCodeAt(i + 3);
      if ((c0 | c1 | c2 | c3) > 0x7f) return false;
      w[p] = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3;
      p += 4;
    }
    let last = 0;
    let shift = 24;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) return false;
      last |= c << shift;
      shift -= 8;
    }
    w[p] = last | (0x80 << shift);
    this.finishBlock(lane, p + 4, n);
    return true;
  }

  /** As packAscii for bytes: `message[0..length)` with length at most 55. */
  packBytes(lane: number, message: Uint8Array, length: number): boolean {
    if (length > 55) return false;
    const w = this.words;
    let p = MESSAGES / 4 + lane;
    let j = 0;
    for (; j + 4 <= length; j += 4) {
      w[p] = (message[j]! << 24) | (message[j + 1]! << 16) | (message[j + 2]! << 8) | message[j + 3]!;
      p += 4;
    }
    let last = 0;
    let shift = 24;
    for (; j < length; j++) {
      last |= message[j]! << shift;
      shift -= 8;
    }
    w[p] = last | (0x80 << shift);
    this.finishBlock(lane, p + 4, length);
    return true;
  }

  /** Computes the four HMACs of the packed lanes (lanes not packed since the last run are stale). */
  run(): void {
    this.runBlocks();
  }

  /** The digest of `lane` from the last run, as 8 big-endian words. */
  digest(lane: number, out: Int32Array): Int32Array {
    const w = this.words;
    for (let j = 0; j < 8; j++) out[j] = w[DIGESTS / 4 + 4 * j + lane]!;
    return out;
  }

  /** Zero words from word index `p` (stride 4) up to word 14 of the lane, then the length in bits. */
  private finishBlock(lane: number, p: number, length: number): void {
    const w = this.words;
    const end = MESSAGES / 4 + lane + 4 * 15;
    for (; p < end; p += 4) w[p] = 0;
    w[p] = (64 + length) * 8;
  }
}
