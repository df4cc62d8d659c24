import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeededStream } from '../../bench/anonymize-data.js';
import { analyzeClasses, analyzeRisk } from '../../src/anonymize/risk.js';
import { digamma, logGamma } from '../../src/anonymize/gamma.js';
import { pitman, snb, summarizeClasses, zayatz } from '../../src/anonymize/uniqueness.js';

test('prosecutor, journalist, marketer risk and class buckets on a small table', () => {
  const report = analyzeRisk(
    { zip: ['1', '1', '1', '2', '2', '3'], sex: ['m', 'm', 'm', 'f', 'f', 'f'] },
    { disease: ['flu', 'flu', 'cold', 'flu', 'flu', 'cold'] },
  );
  assert.equal(report.records, 6);
  assert.equal(report.classes, 3);
  assert.equal(report.uniqueRecords, 1);
  assert.equal(report.prosecutor.highest, 1);
  assert.equal(report.prosecutor.average, 3 / 6);
  assert.equal(report.journalist.highest, 1);
  assert.equal(report.marketer.average, 0.5);
  assert.deepEqual(report.classSizes.slice(0, 3), [
    { sizes: '1', classes: 1, records: 1 },
    { sizes: '2', classes: 1, records: 2 },
    { sizes: '3-4', classes: 1, records: 3 },
  ]);
  assert.deepEqual(report.mostAtRisk[0], { row: 6, classSize: 1, risk: 1 });
  const disease = report.sensitive[0]!;
  assert.equal(disease.distinctL, 1);
  assert.equal(disease.entropyL, 1);
  // Class {cold} vs global {flu 4/6, cold 2/6}: EMD = (4/6 + 4/6) / 2 = 2/3.
  assert.ok(Math.abs(disease.tCloseness - 2 / 3) < 1e-12);
});

test('gamma functions match known values', () => {
  assert.ok(Math.abs(logGamma(10) - Math.log(362880)) < 1e-10);
  assert.ok(Math.abs(logGamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-12);
  assert.ok(Math.abs(digamma(1) + 0.5772156649015329) < 1e-9);
});

test('when the sample is the population, Zayatz and SNB return the sample uniques', () => {
  const sample = summarizeClasses([1, 1, 1, 2, 3, 1, 2]);
  assert.equal(zayatz(sample, sample.records), 4);
  assert.equal(snb(sample, sample.records), 4);
});

test('uniqueness estimators approach the true population uniques on a simulated population', () => {
  const rnd = new SeededStream('population');
  const population: number[] = [];
  let N = 0;
  while (N < 100000) {
    const size = Math.max(1, Math.floor(1 / Math.pow(1 - rnd.next() * 0.999, 0.8)));
    population.push(size);
    N += size;
  }
  const trueUniques = population.filter((s) => s === 1).length;
  const sampleSizes: number[] = [];
  for (const size of population) {
    let drawn = 0;
    for (let i = 0; i < size; i++) if (rnd.next() < 0.3) drawn++;
    if (drawn > 0) sampleSizes.push(drawn);
  }
  const sample = summarizeClasses(sampleSizes);
  for (const [name, estimate] of [
    ['pitman', pitman(sample, N)],
    ['zayatz', zayatz(sample, N)],
    ['snb', snb(sample, N)],
  ] as const) {
    assert.ok(estimate !== null, name);
    assert.ok(Math.abs(estimate - trueUniques) / trueUniques < 0.3, `${name}: ${estimate} vs ${trueUniques}`);
  }
  const report = analyzeClasses({ sizes: sampleSizes }, { populationSize: N });
  assert.ok(
    report.population && report.population.estimates.every((e) => e.uniqueness !== null && e.uniqueness < 1),
  );
  assert.ok(report.marketer.average < report.prosecutor.average);
});
