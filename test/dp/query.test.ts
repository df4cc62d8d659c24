import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { planQuery } from '../../src/dp/plan.js';
import { SeededRandomSource } from '../../src/dp/random.js';
import { parseQuerySpec, type DpQueryInput } from '../../src/dp/spec.js';
import { openDataset } from '../../src/engine/dataset.js';
import { boundedAggregates, executeDpQuery, prepareDpQuery } from '../../src/engine/dp-query.js';
import { openEngine, type Engine } from '../../src/engine/duckdb.js';
import { tempDir } from '../helpers/tmp.js';
import { visitsRows, writeCsv } from './fixtures.js';

let engine: Engine;
const dir = tempDir('veil-dp-query-');
const header = ['user', 'city', 'amount'];
const plain = writeCsv(dir, 'visits.csv', header, visitsRows(false));
const whale = writeCsv(dir, 'visits-whale.csv', header, visitsRows(true));

before(async () => {
  engine = await openEngine({ threads: 2 });
});
after(() => engine.close());

const base = { subject: 'user', epsilon: 1 } as const;

async function run(path: string, input: DpQueryInput, seed = 'q') {
  const dataset = await openDataset(engine, path);
  const plan = prepareDpQuery(dataset, parseQuerySpec(input));
  return executeDpQuery(engine, dataset, plan, new SeededRandomSource(seed));
}

async function exact(path: string, input: DpQueryInput) {
  const dataset = await openDataset(engine, path);
  return boundedAggregates(engine, dataset, prepareDpQuery(dataset, parseQuerySpec(input)), 'fixed-seed');
}

test('ungrouped count of subjects (r = 1) is near the truth and its interval covers it', async () => {
  const res = await run(plain, { ...base, statistic: 'count', epsilon: 2 });
  assert.equal(res.rows.length, 1);
  const row = res.rows[0]!;
  assert.ok(row.interval![0] <= 2000 && 2000 <= row.interval![1], JSON.stringify(row));
  assert.ok(Math.abs(row.value - 2000) < 10);
  assert.deepEqual(res.spent, { epsilon: 2, delta: 0 });
});

test('a whale cannot move bounded aggregates by more than m·r per unit', async () => {
  const spec: DpQueryInput = {
    ...base,
    statistic: 'sum',
    column: 'amount',
    lower: 0,
    upper: 100,
    groupBy: ['city'],
    delta: 1e-6,
    maxGroupsPerSubject: 3,
    maxRowsPerGroup: 2,
  };
  const without = await exact(plain, spec);
  const withWhale = await exact(whale, spec);
  const plan = planQuery(parseQuerySpec(spec));
  const index = (gs: typeof without) => new Map(gs.map((g) => [String(g.key[0]), g]));
  const a = index(without);
  const b = index(withWhale);
  let countMoved = 0n;
  let sumMoved = 0n;
  let subjectsMoved = 0n;
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    countMoved += (y?.count ?? 0n) - (x?.count ?? 0n);
    sumMoved += (y?.sum ?? 0n) - (x?.sum ?? 0n);
    subjectsMoved += (y?.subjects ?? 0n) - (x?.subjects ?? 0n);
  }
  assert.equal(subjectsMoved, 3n, 'the whale reaches exactly m = 3 groups');
  assert.equal(countMoved, 6n, 'with r = 2 rows in each');
  assert.equal(sumMoved, BigInt(6 * plan.grid!.hi), 'each clamped to the upper bound');
  assert.ok(Number(sumMoved) <= plan.sum!.sensitivity);
  // and the bounds hold on the honest subjects too: user u2 has 3 visits, only 2 count
  assert.equal(a.get('Lyon')!.count, cappedRows(0, 2));
});

/** Rows of city c after capping: subjects s ≡ c (mod 5) have 1 + (s mod 3) visits, at most r kept. */
function cappedRows(city: number, r: number): bigint {
  let n = 0;
  for (let s = city; s < 2000; s += 5) n += Math.min(r, 1 + (s % 3));
  return BigInt(n);
}

test('group sampling is random per subject, not the same groups for everyone', async () => {
  const rows: Array<Array<string | number>> = [];
  for (let s = 0; s < 1000; s++) for (const g of ['A', 'B', 'C', 'D']) rows.push([`s${s}`, g, 1]);
  const path = writeCsv(dir, 'spread.csv', header, rows);
  const groups = await exact(path, {
    ...base,
    statistic: 'count',
    groupBy: ['city'],
    delta: 1e-6,
    maxGroupsPerSubject: 1,
  });
  assert.equal(groups.length, 4);
  for (const g of groups)
    assert.ok(g.subjects > 180n && g.subjects < 320n, `${String(g.key[0])}: ${g.subjects}`);
  assert.equal(
    groups.reduce((a, g) => a + g.subjects, 0n),
    1000n,
  );
});

test('partition selection drops one-subject groups and keeps large ones', async () => {
  const res = await run(whale, {
    ...base,
    statistic: 'count',
    groupBy: ['city'],
    delta: 1e-6,
    maxGroupsPerSubject: 5,
  });
  const cities = res.rows.map((r) => r.group.city).sort();
  assert.deepEqual(cities, ['Kyiv', 'Lima', 'Lyon', 'Oslo', 'Pune']);
  assert.ok(res.selection && res.selection.threshold > 5);
  assert.deepEqual(res.spent, { epsilon: 1, delta: 1e-6 });
});

test('public keys: exactly the listed groups, no partition selection, no delta spent', async () => {
  const res = await run(whale, {
    ...base,
    statistic: 'count',
    groupBy: ['city'],
    publicKeys: ['Lyon', 'Atlantis', 'Rare3'],
    epsilon: 2,
  });
  assert.deepEqual(
    res.rows.map((r) => r.group.city),
    ['Lyon', 'Atlantis', 'Rare3'],
  );
  const [lyon, atlantis, rare] = res.rows.map((r) => r.value);
  assert.ok(
    Math.abs(lyon! - 400) < 10 && Math.abs(atlantis!) < 10 && Math.abs(rare!) < 10,
    `${lyon} ${atlantis} ${rare}`,
  );
  assert.equal(res.selection, null);
  assert.deepEqual(res.spent, { epsilon: 2, delta: 0 });
  const dataset = await openDataset(engine, plain);
  assert.throws(
    () =>
      prepareDpQuery(
        dataset,
        parseQuerySpec({ ...base, statistic: 'count', groupBy: ['city'], publicKeys: [['a', 'b']] }),
      ),
    /one value per groupBy column/,
  );
});

test('mean, variance and quantiles land near the exact answers at a generous epsilon', async () => {
  const amounts = visitsRows(false).map((r) => Number(r[2]));
  // r = 3 keeps every row of the honest data, so exact answers are over all rows
  const common = { ...base, column: 'amount', lower: 0, upper: 100, maxRowsPerGroup: 3, epsilon: 20 };
  const trueMean = amounts.reduce((a, b) => a + b, 0) / amounts.length;
  const trueVar = amounts.reduce((a, x) => a + (x - trueMean) ** 2, 0) / amounts.length;
  const mean = await run(plain, { ...common, statistic: 'mean' });
  assert.ok(Math.abs(mean.rows[0]!.value - trueMean) < 1, `${mean.rows[0]!.value} vs ${trueMean}`);
  const [lo, hi] = mean.rows[0]!.interval!;
  assert.ok(lo <= trueMean && trueMean <= hi);
  const variance = await run(plain, { ...common, statistic: 'variance' });
  assert.ok(
    Math.abs(variance.rows[0]!.value - trueVar) / trueVar < 0.05,
    `${variance.rows[0]!.value} vs ${trueVar}`,
  );
  const sorted = [...amounts].sort((a, b) => a - b);
  const q = await run(plain, { ...common, statistic: 'quantile', quantiles: [0.5, 0.9], bins: 100 });
  const got = q.rows[0]!.quantiles!;
  assert.ok(Math.abs(got[0]!.value - sorted[Math.floor(0.5 * sorted.length)]!) <= 3, JSON.stringify(got));
  assert.ok(Math.abs(got[1]!.value - sorted[Math.floor(0.9 * sorted.length)]!) <= 3, JSON.stringify(got));
});

test('bad input is refused before anything is computed', async () => {
  const dataset = await openDataset(engine, plain);
  const bad = (input: unknown) => () => prepareDpQuery(dataset, parseQuerySpec(input));
  assert.throws(
    bad({ ...base, subject: 'nobody', statistic: 'count' }),
    /subject column "nobody" is not in the dataset/,
  );
  assert.throws(bad({ ...base, statistic: 'count', epsilon: 0 }), UsageError);
  assert.throws(bad({ ...base, statistic: 'count', epsilon: Number.NaN }), UsageError);
  assert.throws(bad({ ...base, statistic: 'count', groupBy: ['city'], delta: 1 }), UsageError);
  assert.throws(bad({ ...base, statistic: 'count', groupBy: ['city'] }), /delta > 0/);
  assert.throws(bad({ ...base, statistic: 'sum', column: 'amount' }), /clamp bounds/);
  assert.throws(bad({ ...base, statistic: 'sum', column: 'amount', lower: 0, upper: Infinity }), UsageError);
  assert.throws(bad({ ...base, statistic: 'sum', column: 'city', lower: 0, upper: 1 }), /not numeric/);
  assert.throws(
    bad({ ...base, statistic: 'quantile', column: 'amount', lower: 0, upper: 1, quantiles: [1.5] }),
    UsageError,
  );
});
