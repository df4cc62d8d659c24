import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { FF1 } from '../../src/crypto/ff1.js';
import { FF3 } from '../../src/crypto/ff3.js';

/** FF1 written literally from SP 800-38G Algorithm 7 (strings, BigInt, CBC-MAC via node's aes-cbc). */
function referenceFf1(key: Buffer, radix: number, tweak: Buffer, x: number[]): number[] {
  const n = x.length;
  const u = Math.floor(n / 2);
  const v = n - u;
  const num = (d: number[]): bigint => d.reduce((acc, di) => acc * BigInt(radix) + BigInt(di), 0n);
  const str = (value: bigint, m: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < m; i++) {
      out.unshift(Number(value % BigInt(radix)));
      value /= BigInt(radix);
    }
    return out;
  };
  const bytes = (value: bigint, len: number): Buffer =>
    Buffer.from(value.toString(16).padStart(len * 2, '0'), 'hex');
  let A = x.slice(0, u);
  let B = x.slice(u);
  const b = Math.ceil(Math.ceil(v * Math.log2(radix)) / 8);
  const d = 4 * Math.ceil(b / 4) + 4;
  const P = Buffer.concat([
    Buffer.from([1, 2, 1]),
    bytes(BigInt(radix), 3),
    Buffer.from([10, u % 256]),
    bytes(BigInt(n), 4),
    bytes(BigInt(tweak.length), 4),
  ]);
  const aesCbc = (data: Buffer): Buffer => {
    const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.alloc(16));
    c.setAutoPadding(false);
    const out = c.update(data);
    return out.subarray(out.length - 16);
  };
  for (let i = 0; i < 10; i++) {
    const padLen = (((-tweak.length - b - 1) % 16) + 16) % 16;
    const Q = Buffer.concat([tweak, Buffer.alloc(padLen), Buffer.from([i]), bytes(num(B), b)]);
    const R = aesCbc(Buffer.concat([P, Q]));
    let S = R;
    for (let j = 1; S.length < d; j++) {
      const block = Buffer.from(R.map((byte, k) => byte ^ (k === 15 ? j & 0xff : k === 14 ? j >> 8 : 0)));
      S = Buffer.concat([S, aesCbc(block)]);
    }
    const y = BigInt(`0x${S.subarray(0, d).toString('hex')}`);
    const m = i % 2 === 0 ? u : v;
    const c = (num(A) + y) % BigInt(radix) ** BigInt(m);
    A = B;
    B = str(c, m);
  }
  return [...A, ...B];
}

test('FF1 (batched, double and BigInt paths) equals a literal reference on random inputs', () => {
  for (const radix of [10, 26, 62, 256, 2]) {
    const key = randomBytes([16, 24, 32][randomInt(0, 3)]!);
    const ff1 = new FF1(key, radix);
    const xs: number[][] = [];
    const tweaks: Buffer[] = [];
    for (let k = 0; k < 60; k++) {
      const n = randomInt(ff1.minLength, radix === 2 ? 120 : 60);
      xs.push(Array.from({ length: n }, () => randomInt(0, radix)));
      tweaks.push(randomBytes(randomInt(0, 20)));
    }
    const batch = ff1.encryptMany(xs, tweaks);
    xs.forEach((x, k) => {
      assert.deepEqual(batch[k], referenceFf1(key, radix, tweaks[k]!, x), `radix ${radix} n ${x.length}`);
    });
    assert.deepEqual(ff1.decryptMany(batch, tweaks), xs);
  }
});

test('FF3-1 round trips random inputs at every allowed length', () => {
  for (const radix of [10, 36, 64]) {
    const ff3 = new FF3(randomBytes(32), radix, 'ff3-1');
    for (let n = ff3.minLength; n <= ff3.maxLength; n++) {
      const x = Array.from({ length: n }, () => randomInt(0, radix));
      const tweak = randomBytes(7);
      const y = ff3.encrypt(x, tweak);
      assert.equal(y.length, n);
      assert.ok(y.every((d) => d >= 0 && d < radix));
      assert.deepEqual(ff3.decrypt(y, tweak), x);
    }
    assert.throws(
      () => ff3.encrypt(new Array<number>(ff3.maxLength + 1).fill(1), randomBytes(7)),
      RangeError,
    );
    assert.throws(() => ff3.encrypt(new Array<number>(ff3.minLength).fill(1), randomBytes(8)), RangeError);
  }
});
