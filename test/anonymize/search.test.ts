import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adultLike } from '../../bench/anonymize-data.js';
import { anonymizeGlobal } from '../../src/anonymize/anonymize.js';
import { encodeTable } from '../../src/anonymize/encode.js';
import { rollup, tupleClasses, type Classes } from '../../src/anonymize/groupify.js';
import { Lattice } from '../../src/anonymize/lattice.js';
import { METRICS } from '../../src/anonymize/metrics.js';
import type { PrivacyModel } from '../../src/anonymize/models.js';
import { exhaustiveSearch, heuristicSearch, optimalSearch } from '../../src/anonymize/search.js';

const MODEL_SETS: { name: string; models: PrivacyModel[] }[] = [
  { name: 'k=3', models: [{ kind: 'k-anonymity', k: 3 }] },
  { name: 'k=10', models: [{ kind: 'k-anonymity', k: 10 }] },
  {
    name: 'k=2 + distinct-2',
    models: [
      { kind: 'k-anonymity', k: 2 },
      { kind: 'distinct-l-diversity', attribute: 'disease', l: 2 },
    ],
  },
  { name: 'entropy-1.8', models: [{ kind: 'entropy-l-diversity', attribute: 'disease', l: 1.8 }] },
  { name: 'recursive-(3,2)', models: [{ kind: 'recursive-cl-diversity', attribute: 'disease', c: 3, l: 2 }] },
  {
    name: 't=0.35 equal',
    models: [{ kind: 't-closeness', attribute: 'disease', t: 0.35, distance: 'equal' }],
  },
  {
    name: 't=0.2 hier',
    models: [{ kind: 't-closeness', attribute: 'disease', t: 0.2, distance: 'hierarchical' }],
  },
];

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

for (const quasiCount of [4, 5]) {
  test(`optimal search equals the exhaustive optimum (${quasiCount} quasi-identifiers, all metrics and models)`, () => {
    let compared = 0;
    for (const seed of quasiCount === 4 ? ['s1', 's2'] : ['s3']) {
      const data = adultLike(300, seed, quasiCount);
      const table = encodeTable(data.quasi, data.sensitive);
      for (const { name, models } of MODEL_SETS) {
        for (const suppressionLimit of [0, 0.03, 0.1]) {
          for (const metric of METRICS) {
            const problem = { table, models, suppressionLimit, metric };
            const expected = exhaustiveSearch(problem).best;
            const got = optimalSearch(problem);
            const label = `${seed} ${name} supp=${suppressionLimit} ${metric}`;
            assert.equal(got.best === undefined, expected === undefined, label);
            if (!expected || !got.best) continue;
            assert.ok(
              close(got.best.value, expected.value),
              `${label}: ${got.best.value} vs ${expected.value}`,
            );
            assert.ok(got.stats.checked <= got.stats.latticeSize, label);
            compared++;
          }
        }
      }
    }
    assert.ok(compared > 50, `only ${compared} cases had a solution`);
  });
}

test('the search prunes: fewer checks than nodes on a monotone problem', () => {
  const data = adultLike(2000, 'prune', 6);
  const table = encodeTable(data.quasi);
  const problem = {
    table,
    models: [{ kind: 'k-anonymity', k: 5 }] as PrivacyModel[],
    suppressionLimit: 0.02,
    metric: 'loss' as const,
  };
  const { stats } = optimalSearch(problem);
  assert.equal(stats.monotone, true);
  assert.ok(stats.checked < stats.latticeSize / 2, `${stats.checked} of ${stats.latticeSize}`);
});

test('entropy l-diversity with suppression is flagged non-monotone', () => {
  const data = adultLike(200, 'mono', 4);
  const table = encodeTable(data.quasi, data.sensitive);
  const models: PrivacyModel[] = [{ kind: 'entropy-l-diversity', attribute: 'disease', l: 2 }];
  assert.equal(
    optimalSearch({ table, models, suppressionLimit: 0.05, metric: 'loss' }).stats.monotone,
    false,
  );
  assert.equal(optimalSearch({ table, models, suppressionLimit: 0, metric: 'loss' }).stats.monotone, true);
});

test('heuristic search returns an anonymous node no better than the optimum', () => {
  const data = adultLike(500, 'heur', 5);
  const table = encodeTable(data.quasi);
  const problem = {
    table,
    models: [{ kind: 'k-anonymity', k: 4 }] as PrivacyModel[],
    suppressionLimit: 0.02,
    metric: 'loss' as const,
  };
  const heuristic = heuristicSearch(problem).best;
  const optimum = exhaustiveSearch(problem).best;
  assert.ok(heuristic && optimum);
  assert.equal(heuristic.anonymous, true);
  assert.ok(heuristic.value >= optimum.value - 1e-12);
});

test('anonymized output is k-anonymous when counted from the written strings', () => {
  const data = adultLike(1000, 'out', 6);
  const result = anonymizeGlobal(data.quasi, data.sensitive, {
    models: [{ kind: 'k-anonymity', k: 5 }],
    suppressionLimit: 0.05,
    metric: 'entropy',
  });
  const counts = new Map<string, number>();
  for (let row = 0; row < 1000; row++) {
    if (result.suppressed[row]) continue;
    const key = result.columns.map((col) => col[row]).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const n of counts.values()) assert.ok(n >= 5);
  assert.ok(result.suppressedCount <= 50);
  assert.equal(counts.size, result.classCount);
  for (const row of result.columns[0]!.keys()) {
    if (result.suppressed[row]) assert.equal(result.columns[0]![row], '*');
  }
  assert.ok(result.metrics.loss >= 0 && result.metrics.loss <= 1);
});

test('optimal search equals the exhaustive optimum on the full 9-quasi-identifier lattice', () => {
  const data = adultLike(2000, 'nine', 9);
  const table = encodeTable(data.quasi);
  for (const [k, suppressionLimit] of [
    [5, 0.04],
    [3, 0.01],
  ] as const) {
    for (const metric of ['loss', 'entropy'] as const) {
      const problem = {
        table,
        models: [{ kind: 'k-anonymity', k }] as PrivacyModel[],
        suppressionLimit,
        metric,
      };
      const expected = exhaustiveSearch(problem).best;
      const got = optimalSearch(problem);
      const label = `k=${k} supp=${suppressionLimit} ${metric}`;
      assert.ok(expected && got.best, label);
      assert.ok(close(got.best.value, expected.value), `${label}: ${got.best.value} vs ${expected.value}`);
      assert.equal(got.stats.latticeSize, 12_960);
    }
  }
});

test('classes rolled up through a chain of nodes equal classes computed from the tuples', () => {
  const data = adultLike(3000, 'chain', 9);
  const table = encodeTable(data.quasi, data.sensitive);
  const lattice = new Lattice(table.quasi.map((q) => q.height));
  const bottom = tupleClasses(table, true);
  // Sorted multiset of (generalized codes, size, histogram) per class, independent of class order.
  const signature = (classes: Classes) =>
    Array.from({ length: classes.count }, (_, c) => {
      const codes = table.quasi.map((q, i) => q.up[classes.levels[i]!]![table.codes[i]![classes.rep[c]!]!]);
      const hist = [...classes.hist![0]![c]!].sort((a, b) => a[0] - b[0]);
      return JSON.stringify([codes, classes.size[c], hist]);
    }).sort();
  for (const node of [1, 7, 100, 2024, 6000, 9999, lattice.size - 1]) {
    const target = lattice.levels(node);
    const middle = target.map((l) => l >> 1);
    const viaMiddle = rollup(table, rollup(table, bottom, middle)!, target)!;
    const direct = rollup(table, bottom, target)!;
    assert.deepEqual(signature(viaMiddle), signature(direct), `node ${node}`);
    assert.equal(
      direct.size.reduce((a, b) => a + b, 0),
      3000,
    );
    // Every class holds records whose generalized codes agree (no two classes share codes).
    assert.equal(new Set(signature(direct).map((s) => JSON.stringify(JSON.parse(s)[0]))).size, direct.count);
    // The group-by gives up as soon as the class count passes the limit.
    assert.equal(rollup(table, bottom, target, direct.count - 1), undefined, `node ${node}`);
    assert.equal(rollup(table, bottom, target, direct.count)?.count, direct.count);
  }
});
