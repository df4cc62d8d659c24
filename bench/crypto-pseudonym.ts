import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pseudonymizer } from '../src/crypto/pseudonym.js';
import { compare } from './harness.js';

/**
 * Keyed pseudonyms (HMAC-SHA-256, hex): Veil's Pseudonymizer (precomputed ipad/opad midstates,
 * unrolled JS compression fed straight from the string's char codes, bounded cache of distinct
 * values) vs node's createHmac once per value, alternated in the same run, median of 7. Two
 * candidates: `pseudonym` per value (what the transform operators call today) and `pseudonymMany`
 * on batches of 2048 (values of at most 55 bytes hashed four at a time in WebAssembly SIMD).
 * Two columns: all values distinct (the cache never helps) and a realistic column where values
 * repeat (100k distinct among 1M, Zipf-like). Rates per wall second and per CPU second of the
 * process (user + system): the machine's cores are shared, and CPU time moves less with load.
 */
const N = 1_000_000;
const REPS = 7;
const key = randomBytes(32);
const distinct = Array.from({ length: N }, (_, i) => `user.${i * 7919}@example.org`);
const seeds = randomBytes(N * 4);
const repeated = Array.from({ length: N }, (_, i) => {
  const u = (seeds.readUInt32BE(i * 4) + 1) / 2 ** 32;
  return `user.${Math.floor(100_000 ** u)}@example.org`;
});

const rate = (ms: number): string => {
  const perSecond = N / (ms / 1000);
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(0)} k/s`;
};
const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const BATCH = 2048;
const batches = (values: string[]): string[][] =>
  Array.from({ length: Math.ceil(values.length / BATCH) }, (_, i) =>
    values.slice(i * BATCH, (i + 1) * BATCH),
  );

for (const [label, values, candidate] of [
  ['all distinct', distinct, 'per value'],
  ['all distinct', distinct, 'batch'],
  ['repeating (≈100k distinct of 1M)', repeated, 'per value'],
  ['repeating (≈100k distinct of 1M)', repeated, 'batch'],
] as const) {
  const chunks = batches(values);
  const perValue = {
    name: 'Pseudonymizer.pseudonym (midstate HMAC + cache)',
    run: () => {
      const p = new Pseudonymizer(key, 'hex', 32);
      for (const v of values) p.pseudonym(v);
    },
  };
  const batch = {
    name: `Pseudonymizer.pseudonymMany (batches of ${BATCH}, 4-lane wasm SIMD + cache)`,
    run: () => {
      const p = new Pseudonymizer(key, 'hex', 32);
      for (const chunk of chunks) p.pseudonymMany(chunk);
    },
  };
  const baseline = {
    name: 'createHmac per value',
    run: () => {
      for (const v of values) createHmac('sha256', key).update(v).digest('hex');
    },
  };
  const contender = candidate === 'batch' ? batch : perValue;
  // Warm-up (JIT) before the measured, alternated repetitions.
  contender.run();
  baseline.run();
  const loadBefore = load();
  const c = await compare(contender, baseline, REPS);
  console.log(`pseudonymize ${N} emails, ${label} (median of ${REPS}; load ${loadBefore} -> ${load()})`);
  console.log(
    `  candidate ${c.candidate}: ${rate(c.candidateMs)} wall, ${rate(c.candidateCpuMs)} per CPU-second`,
  );
  console.log(
    `  baseline  ${c.baseline}: ${rate(c.baselineMs)} wall, ${rate(c.baselineCpuMs)} per CPU-second`,
  );
  console.log(`  ratio ${(1 / c.ratio).toFixed(2)}x wall, ${(1 / c.cpuRatio).toFixed(2)}x CPU`);
}
