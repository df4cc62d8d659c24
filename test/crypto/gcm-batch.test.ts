import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { GcmBatch } from '../../src/crypto/gcm-batch.js';

test('GcmBatch output equals node aes-256-gcm for random lengths, IVs and AAD', () => {
  for (let round = 0; round < 20; round++) {
    const key = randomBytes(32);
    const aad = randomBytes(randomInt(0, 40));
    const plaintexts = Array.from({ length: 50 }, () => randomBytes(randomInt(0, 100)));
    const ivs = plaintexts.map(() => randomBytes(12));
    const sealed = new GcmBatch(key).sealMany(plaintexts, ivs, aad);
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
