import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoRandom, SeededRandom, type RandomSource } from '../../src/geo/random.js';

function draws(random: RandomSource, n: number): number[] {
  return Array.from({ length: n }, () => random.nextDouble());
}

test('the seeded generator is reproducible per seed and differs across seeds', () => {
  assert.deepEqual(draws(new SeededRandom('a'), 500), draws(new SeededRandom('a'), 500));
  assert.notDeepEqual(draws(new SeededRandom('a'), 500), draws(new SeededRandom('b'), 500));
});

for (const [name, make] of [
  ['seeded', () => new SeededRandom('uniform')],
  ['crypto', () => new CryptoRandom()],
] as const) {
  test(`${name}: doubles lie in [0, 1) and integers are uniform (chi-square, 10 bins)`, () => {
    const random = make();
    const counts = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[random.nextInt(10)]! += 1;
    const chi2 = counts.reduce((sum, c) => sum + (c - n / 10) ** 2 / (n / 10), 0);
    assert.ok(chi2 < 33.7, `chi-square ${chi2} (9 dof, p = 1e-4 critical 33.7)`);
    for (const x of draws(random, 10_000)) assert.ok(x >= 0 && x < 1);
    assert.throws(() => random.nextInt(0), RangeError);
  });
}
