import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { encodeBytes } from '../../src/crypto/encoding.js';
import { HmacSha256 } from '../../src/crypto/sha256-midstate.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const RFC4231 = [
  {
    key: '0b'.repeat(20),
    data: Buffer.from('Hi There'),
    mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  },
  {
    key: Buffer.from('Jefe').toString('hex'),
    data: Buffer.from('what do ya want for nothing?'),
    mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  },
  {
    key: 'aa'.repeat(20),
    data: hex('dd'.repeat(50)),
    mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  },
  {
    key: '0102030405060708090a0b0c0d0e0f10111213141516171819',
    data: hex('cd'.repeat(50)),
    mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  },
  {
    key: '0c'.repeat(20),
    data: Buffer.from('Test With Truncation'),
    mac: 'a3b6167473100ee06e0c796c2955552b',
  },
  {
    key: 'aa'.repeat(131),
    data: Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    key: 'aa'.repeat(131),
    data: Buffer.from(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

test('HMAC-SHA-256 midstate: all RFC 4231 test cases (case 5 truncated to 128 bits)', () => {
  for (const v of RFC4231) {
    const mac = Buffer.from(new HmacSha256(hex(v.key)).mac(v.data)).toString('hex');
    assert.equal(mac.slice(0, v.mac.length), v.mac);
  }
});

test('HMAC-SHA-256 midstate equals node createHmac on random keys and lengths 0..300', () => {
  for (let i = 0; i < 400; i++) {
    const key = randomBytes(randomInt(1, 100));
    const data = randomBytes(i < 300 ? i : randomInt(0, 1000));
    const hmac = new HmacSha256(key);
    assert.equal(
      Buffer.from(hmac.mac(data)).toString('hex'),
      createHmac('sha256', key).update(data).digest('hex'),
      `length ${data.length}`,
    );
  }
});

test('encodings: hex and base64url match Buffer; base32 matches RFC 4648 examples', () => {
  const bytes = randomBytes(37);
  assert.equal(encodeBytes(bytes, 0, 37, 'hex'), bytes.toString('hex'));
  assert.equal(encodeBytes(bytes, 3, 20, 'base64url'), bytes.subarray(3, 20).toString('base64url'));
  const cases: [string, string][] = [
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ];
  for (const [plain, b32] of cases) {
    const b = Buffer.from(plain);
    assert.equal(encodeBytes(b, 0, b.length, 'base32'), b32);
  }
});
