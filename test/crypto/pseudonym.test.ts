import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { DigestEncoder, encodeBytes, type OutputEncoding } from '../../src/crypto/encoding.js';
import { Pseudonymizer } from '../../src/crypto/pseudonym.js';
import { HmacSha256 } from '../../src/crypto/sha256-midstate.js';
import { HmacSha256x4 } from '../../src/crypto/sha256-x4.js';

/**
 * The fast pseudonym path (char codes packed straight into SHA-256 message words, unrolled
 * compression, digest encoded from words into a prefixed scratch buffer) and the batch path (four
 * values per WebAssembly SIMD call) against node's createHmac. Random inputs come from node:crypto.
 */
const ENCODINGS: OutputEncoding[] = ['hex', 'base32', 'base64url'];
const ASCII = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
// 1-, 2-, 3- and 4-byte UTF-8, plus a lone surrogate (encoded as U+FFFD by both sides).
const MIXED = ['a', '~', '\u0000', 'é', 'ß', '\u07ff', '€', '名', '\uffff', '😀', '\ud800'];

const randomText = (length: number, alphabet: readonly string[] | string): string => {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[randomInt(0, alphabet.length)]!;
  return s;
};

const words = (digest: Buffer): Int32Array => {
  const w = new Int32Array(8);
  for (let i = 0; i < 8; i++) w[i] = digest.readInt32BE(i * 4);
  return w;
};

const hexWords = (w: Int32Array): string => {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) b.writeInt32BE(w[i]!, i * 4);
  return b.toString('hex');
};

test('macText equals createHmac on ASCII text of every length 0..200 and random lengths to 1000', () => {
  const key = randomBytes(32);
  const h = new HmacSha256(key);
  for (let i = 0; i < 260; i++) {
    const text = randomText(i <= 200 ? i : randomInt(0, 1000), ASCII);
    const expected = createHmac('sha256', key).update(text, 'utf8').digest('hex');
    assert.equal(hexWords(h.macText(text)), expected, `length ${text.length}`);
  }
});

test('macText equals createHmac on multi-byte UTF-8 and lone surrogates', () => {
  for (let i = 0; i < 400; i++) {
    const key = randomBytes(randomInt(0, 130));
    const h = new HmacSha256(key);
    const text = randomText(randomInt(0, 120), MIXED);
    const out = new Int32Array(8);
    h.macText(text, out);
    assert.equal(
      hexWords(out),
      createHmac('sha256', key).update(text, 'utf8').digest('hex'),
      JSON.stringify(text),
    );
  }
});

test('macText around the padding boundaries (55/56/63/64 bytes and the next block), ASCII and not', () => {
  const key = randomBytes(20);
  const h = new HmacSha256(key);
  for (const bytes of [
    0, 1, 3, 4, 5, 51, 52, 54, 55, 56, 57, 59, 60, 62, 63, 64, 65, 119, 120, 127, 128, 129,
  ]) {
    const ascii = randomText(bytes, 'abcdefghijklmnopqrstuvwxyz0123456789@.');
    assert.equal(
      hexWords(h.macText(ascii)),
      createHmac('sha256', key).update(ascii).digest('hex'),
      `${bytes}`,
    );
    if (bytes >= 2) {
      // Same byte length with a 2-byte character at the start, in the middle or at the end: the
      // non-ASCII character is found before, after or while filling the first block.
      for (const at of [0, bytes >> 1, bytes - 2]) {
        const text = ascii.slice(0, at) + 'é' + ascii.slice(at + 2);
        assert.equal(Buffer.byteLength(text), bytes);
        assert.equal(hexWords(h.macText(text)), createHmac('sha256', key).update(text).digest('hex'));
      }
    }
  }
});

test('macWords / macInto equal createHmac on random bytes 0..200 and at offsets', () => {
  const key = randomBytes(64);
  const h = new HmacSha256(key);
  const out = new Int32Array(8);
  const bytes = Buffer.alloc(40);
  for (let length = 0; length <= 200; length++) {
    const data = randomBytes(length);
    const expected = createHmac('sha256', key).update(data).digest();
    h.macWords(data, length, out);
    assert.equal(hexWords(out), expected.toString('hex'), `length ${length}`);
    h.macInto(data, length, bytes, 8);
    assert.deepEqual(bytes.subarray(8), expected);
  }
});

test('DigestEncoder equals prefix + encodeBytes for all encodings, truncations 0..32 and prefixes', () => {
  for (let round = 0; round < 20; round++) {
    const digest = randomBytes(32);
    const w = words(digest);
    for (const encoding of ENCODINGS) {
      for (const prefix of ['', 'k1v2_', 'kv_1', 'x', 'ключ_', 'é_']) {
        for (let bytes = 0; bytes <= 32; bytes++) {
          const encoder = new DigestEncoder(encoding, bytes, prefix);
          assert.equal(encoder.encode(w), prefix + encodeBytes(digest, 0, bytes, encoding));
          // Scratch state does not leak from one call to the next.
          assert.equal(encoder.encode(w), prefix + encodeBytes(digest, 0, bytes, encoding));
        }
      }
    }
  }
  assert.throws(() => new DigestEncoder('hex', 33), RangeError);
  assert.throws(() => new DigestEncoder('hex', 8.5), RangeError);
});

test('Pseudonymizer equals createHmac, truncated and encoded, on random values, encodings and prefixes', () => {
  for (let i = 0; i < 600; i++) {
    const key = randomBytes(randomInt(1, 100));
    const encoding = ENCODINGS[i % 3]!;
    const bytes = randomInt(8, 33);
    const prefix = ['', 'pk1v1_', 'p1_', 'ключ_'][i % 4]!;
    const p = new Pseudonymizer(key, encoding, bytes, prefix);
    for (let j = 0; j < 5; j++) {
      const value = randomText(randomInt(0, 200), j % 2 === 0 ? ASCII : MIXED);
      const mac = createHmac('sha256', key).update(value, 'utf8').digest();
      const expected = prefix + encodeBytes(mac, 0, bytes, encoding);
      assert.equal(p.pseudonym(value), expected);
      assert.equal(p.pseudonym(value), expected, 'cached');
    }
  }
  // Node's own encoders for the base64url and hex cases.
  const key = randomBytes(32);
  const mac = createHmac('sha256', key).update('alice@example.org').digest();
  assert.equal(new Pseudonymizer(key, 'hex', 16).pseudonym('alice@example.org'), mac.toString('hex', 0, 16));
  assert.equal(
    new Pseudonymizer(key, 'base64url', 20).pseudonym('alice@example.org'),
    mac.subarray(0, 20).toString('base64url'),
  );
});

test('Pseudonymizer stays correct when the cache fills and switches off on a distinct stream', () => {
  const key = randomBytes(32);
  const p = new Pseudonymizer(key, 'hex', 32, '', 64);
  for (let i = 0; i < 3000; i++) {
    // Mostly distinct, with some repeats; lengths cross the one-block limit.
    const value = i % 10 === 0 ? 'repeat' : `v${i}-${'x'.repeat(i % 70)}`;
    assert.equal(p.pseudonym(value), createHmac('sha256', key).update(value).digest('hex'));
  }
});

test('HmacSha256x4 (WebAssembly SIMD) equals createHmac on every one-block length 0..55, four lanes', () => {
  const key = randomBytes(48);
  const { inner, outer } = new HmacSha256(key).midstates();
  const x4 = HmacSha256x4.create(inner, outer);
  assert.ok(x4, 'WebAssembly SIMD is available on the supported Node versions');
  const out = new Int32Array(8);
  for (let length = 0; length <= 55; length++) {
    const texts = [0, 1, 2, 3].map((lane) => randomText((length + lane * 17) % 56, ASCII));
    texts.forEach((text, lane) => assert.ok(x4.packAscii(lane, text)));
    x4.run();
    texts.forEach((text, lane) => {
      assert.equal(hexWords(x4.digest(lane, out)), createHmac('sha256', key).update(text).digest('hex'));
    });
    const data = [0, 1, 2, 3].map((lane) => randomBytes((length + lane * 29) % 56));
    data.forEach((d, lane) => assert.ok(x4.packBytes(lane, d, d.length)));
    x4.run();
    data.forEach((d, lane) => {
      assert.equal(hexWords(x4.digest(lane, out)), createHmac('sha256', key).update(d).digest('hex'));
    });
  }
  assert.equal(x4.packAscii(0, 'x'.repeat(56)), false);
  assert.equal(x4.packAscii(0, 'café'), false);
  assert.equal(x4.packBytes(0, Buffer.alloc(56), 56), false);
});

test('pseudonymMany equals createHmac per value: batches of any size, long, multi-byte and repeated values', () => {
  for (let round = 0; round < 120; round++) {
    const key = randomBytes(randomInt(1, 80));
    const encoding = ENCODINGS[round % 3]!;
    const bytes = randomInt(8, 33);
    const prefix = ['', 'k7v3_', 'ключ_'][round % 3]!;
    // A small cache so that the batch path fills, reviews and switches it off.
    const p = new Pseudonymizer(key, encoding, bytes, prefix, round % 2 === 0 ? 8 : 1 << 16);
    const values: string[] = [];
    const size = randomInt(0, 60);
    for (let i = 0; i < size; i++) {
      const r = randomInt(0, 10);
      if (r < 2 && values.length > 0) values.push(values[randomInt(0, values.length)]!);
      else if (r < 6) values.push(randomText(randomInt(0, 60), ASCII));
      else if (r < 9)
        values.push(randomText(randomInt(0, 30), MIXED)); // often <= 55 bytes, sometimes more
      else values.push(randomText(randomInt(56, 200), ASCII));
    }
    const got = p.pseudonymMany(values);
    assert.equal(got.length, values.length);
    values.forEach((value, i) => {
      const mac = createHmac('sha256', key).update(value, 'utf8').digest();
      assert.equal(got[i], prefix + encodeBytes(mac, 0, bytes, encoding), JSON.stringify(value));
      assert.equal(p.pseudonym(value), got[i]);
    });
  }
  assert.deepEqual(new Pseudonymizer(randomBytes(32)).pseudonymMany([]), []);
});
