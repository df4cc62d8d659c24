import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { GcmBatch, packBytes, packTexts } from '../../src/crypto/gcm-batch.js';

test('GcmBatch output equals node aes-256-gcm for random lengths, IVs and AAD', () => {
  for (let round = 0; round < 20; round++) {
    const key = randomBytes(32);
    const aad = randomBytes(randomInt(0, 40));
    const plaintexts = Array.from({ length: 50 }, () => randomBytes(randomInt(0, 100)));
    const ivs = plaintexts.map(() => randomBytes(12));
    const packed = new GcmBatch(key).sealPacked(packBytes(plaintexts), Buffer.concat(ivs), aad);
    let at = 0;
    const sealed = plaintexts.map((p) => packed.subarray(at, (at += p.length + 28)));
    assert.equal(at, packed.length);
    plaintexts.forEach((p, i) => {
      const c = createCipheriv('aes-256-gcm', key, ivs[i]!);
      c.setAAD(aad);
      const expected = Buffer.concat([ivs[i]!, c.update(p), c.final(), c.getAuthTag()]);
      assert.equal(sealed[i]!.toString('hex'), expected.toString('hex'), `length ${p.length}`);
      const d = createDecipheriv('aes-256-gcm', key, ivs[i]!);
      d.setAAD(aad);
      d.setAuthTag(sealed[i]!.subarray(sealed[i]!.length - 16));
      assert.deepEqual(
        Buffer.concat([d.update(sealed[i]!.subarray(12, sealed[i]!.length - 16)), d.final()]),
        p,
      );
    });
  }
});

test('packTexts lays out UTF-8 like Buffer.from, value after value', () => {
  const texts = ['', 'abc', 'Zoë Ångström', '名前', '😀', 'x'.repeat(300)];
  const { data, starts } = packTexts(texts);
  texts.forEach((t, i) =>
    assert.deepEqual(Buffer.from(data.subarray(starts[i]!, starts[i + 1]!)), Buffer.from(t, 'utf8')),
  );
  assert.equal(starts[texts.length], Buffer.byteLength(texts.join(''), 'utf8'));
});
