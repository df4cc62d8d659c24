import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iso7064Mod11_10, luhn, modDecimal, verhoeff } from '../../src/detect/validators/checksums.js';
import {
  ethereumChecksum,
  validBase58Check,
  validBech32,
} from '../../src/detect/validators/crypto-wallets.js';
import { validIban } from '../../src/detect/validators/iban.js';
import { keccak256 } from '../../src/detect/validators/keccak.js';

// Reference vectors from the algorithms' published descriptions (Wikipedia, EIP-55, BIP-173).
test('Luhn accepts the classic test numbers and rejects a changed digit', () => {
  assert.ok(luhn('79927398713'));
  assert.ok(!luhn('79927398710'));
  assert.ok(luhn('4111111111111111'));
  assert.ok(!luhn('4111111111111112'));
});

test('Verhoeff: 2363 valid, 2364 invalid (Wikipedia example)', () => {
  assert.ok(verhoeff('2363'));
  assert.ok(!verhoeff('2364'));
  assert.ok(verhoeff('2363'.replace('2', '2')));
});

test('mod 97 on long decimals without BigInt matches BigInt', () => {
  const n = '3214282912345698765432161182';
  assert.equal(modDecimal(n, 97), Number(BigInt(n) % 97n));
});

test('ISO 7064 MOD 11,10 check digit of a known Steuer-ID body', () => {
  assert.equal(iso7064Mod11_10('8609574271'), 9);
});

test('IBAN: valid examples of several countries, wrong check digits and wrong lengths fail', () => {
  for (const iban of [
    'GB82WEST12345698765432',
    'DE89370400440532013000',
    'FR1420041010050500013M02606',
    'ES9121000418450200051332',
  ]) {
    assert.ok(validIban(iban), iban);
  }
  assert.ok(!validIban('GB82WEST12345698765433'));
  assert.ok(!validIban('DE8937040044053201300'));
  assert.ok(!validIban('XX82WEST12345698765432'));
});

test('keccak256 of the empty string matches the known digest', () => {
  const hex = Buffer.from(keccak256(new Uint8Array(0))).toString('hex');
  assert.equal(hex, 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
});

test('Ethereum EIP-55: test vectors valid, a flipped case invalid, single case has no checksum', () => {
  assert.equal(ethereumChecksum('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), 'valid');
  assert.equal(ethereumChecksum('0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359'), 'valid');
  assert.equal(ethereumChecksum('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), 'invalid');
  assert.equal(ethereumChecksum('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'), 'none');
});

test('Bitcoin base58check and bech32 checksums', () => {
  assert.ok(validBase58Check('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'));
  assert.ok(!validBase58Check('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb'));
  assert.ok(validBech32('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'));
  assert.ok(validBech32('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4'));
  assert.ok(!validBech32('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx'));
});
