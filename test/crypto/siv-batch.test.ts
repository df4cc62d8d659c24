import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { DeterministicCipher } from '../../src/crypto/aead.js';
import { Keyring, MemoryKeyStore } from '../../src/crypto/keyring.js';
import { LocalKms } from '../../src/crypto/kms.js';
import { AesSiv } from '../../src/crypto/siv.js';
import { SivBatch } from '../../src/crypto/siv-batch.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

test('SivBatch: RFC 5297 A.1 and A.2, alone and inside a batch of other values', () => {
  const a1 = new SivBatch(hex('fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'));
  const ad1 = [hex('101112131415161718191a1b1c1d1e1f2021222324252627')];
  const want1 = '85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c';
  assert.equal(a1.encryptMany([hex('112233445566778899aabbccddee')], ad1)[0]!.toString('hex'), want1);
  const mixed = a1.encryptMany([randomBytes(70), hex('112233445566778899aabbccddee'), Buffer.alloc(0)], ad1);
  assert.equal(mixed[1]!.toString('hex'), want1);

  const a2 = new SivBatch(hex('7f7e7d7c7b7a79787776757473727170404142434445464748494a4b4c4d4e4f'));
  const ad2 = [
    '00112233445566778899aabbccddeeffdeaddadadeaddadaffeeddccbbaa99887766554433221100',
    '102030405060708090a0',
    '09f911029d74e35bd84156c5635688c0',
  ].map(hex);
  const pt2 = hex(
    '7468697320697320736f6d6520706c61696e7465787420746f20656e6372797074207573696e67205349562d414553',
  );
  assert.equal(
    a2.encryptMany([pt2], ad2)[0]!.toString('hex'),
    '7bdb6e3b432667eb06f4d14bff2fbd0fcb900f2fddbe404326601965c889bf17dba77ceb094fa663b7a3f748ba8af829ea64ad544a272e9c485b62a3fd5c0d',
  );
});

test('SivBatch equals AesSiv bit for bit: random keys (256/384/512), lengths 0-200, AD counts 0-4', () => {
  for (let round = 0; round < 30; round++) {
    const key = randomBytes([32, 48, 64][round % 3]!);
    const ad = Array.from({ length: randomInt(0, 5) }, () => randomBytes(randomInt(0, 40)));
    const plaintexts = Array.from({ length: randomInt(0, 120) }, () =>
      randomBytes(randomInt(0, 10) === 0 ? randomInt(0, 200) : randomInt(0, 40)),
    );
    const one = new AesSiv(key);
    const batch = new SivBatch(key).encryptMany(plaintexts, ad);
    assert.equal(batch.length, plaintexts.length);
    plaintexts.forEach((p, i) => {
      assert.equal(batch[i]!.toString('hex'), one.encrypt(p, ad).toString('hex'), `len ${p.length}`);
      assert.deepEqual(one.decrypt(batch[i]!, ad), p);
    });
  }
});

test('DeterministicCipher.encryptMany equals encrypt per value and decrypts', async () => {
  const keyring = new Keyring(new MemoryKeyStore(), new LocalKms(randomBytes(32)));
  await keyring.create('ids');
  const key = await keyring.unlock('ids');
  const cipher = new DeterministicCipher(key, 'users.device');
  const values = [
    '',
    'a',
    'é名',
    'x'.repeat(16),
    'y'.repeat(33),
    ...Array.from({ length: 100 }, (_, i) => `v${i}`),
  ];
  const many = cipher.encryptMany(values.map((v) => Buffer.from(v, 'utf8')));
  values.forEach((v, i) => {
    assert.equal(many[i], cipher.encrypt(Buffer.from(v, 'utf8')));
    assert.equal(cipher.decrypt(many[i]!).toString('utf8'), v);
  });
});
