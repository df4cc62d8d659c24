import { createHmac, randomBytes } from 'node:crypto';
import { Pseudonymizer } from '../src/crypto/pseudonym.js';
import { compare } from './crypto-harness.js';

/**
 * Keyed pseudonyms (HMAC-SHA-256, hex): Veil's Pseudonymizer (precomputed ipad/opad midstates,
 * JS compression, bounded cache of distinct values) vs node's createHmac once per value.
 * Two columns: all values distinct (the cache never helps) and a realistic column where values
 * repeat (100k distinct among 1M, Zipf-like).
 */
const N = 1_000_000;
const key = randomBytes(32);
const distinct = Array.from({ length: N }, (_, i) => `user.${i * 7919}@example.org`);
const seeds = randomBytes(N * 4);
const repeated = Array.from({ length: N }, (_, i) => {
  const u = (seeds.readUInt32BE(i * 4) + 1) / 2 ** 32;
  return `user.${Math.floor(100_000 ** u)}@example.org`;
});

for (const [label, values] of [
  ['all distinct', distinct],
  ['repeating (≈100k distinct of 1M)', repeated],
] as const) {
  compare(
    `pseudonymize ${N} emails, ${label}`,
    N,
    {
      name: 'Pseudonymizer (midstate HMAC + cache)',
      run: () => {
        const p = new Pseudonymizer(key, 'hex', 32);
        for (const v of values) p.pseudonym(v);
      },
    },
    {
      name: 'createHmac per value',
      run: () => {
        for (const v of values) createHmac('sha256', key).update(v).digest('hex');
      },
    },
    5,
  );
}
