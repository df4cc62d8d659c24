import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { visitsRows, writeCsv } from './fixtures.js';

const dir = tempDir('veil-dp-cli-');
const data = writeCsv(dir, 'visits.csv', ['user', 'city', 'amount'], visitsRows(true));
const ledger = join(dir, 'ledger');
const veil = (args: string[]) => runVeil([...args, '--ledger-dir', ledger]);

interface QueryJson {
  rows: Array<{ group: Record<string, string>; value: number; interval: [number, number] }>;
  spent: { epsilon: number; delta: number };
  remaining: { epsilon: number; delta: number };
}

test('veil dp: budget, a histogram from a YAML spec, a mean from flags, then a refusal', async () => {
  const noBudget = await veil([
    'dp',
    'query',
    data,
    '--subject',
    'user',
    '--statistic',
    'count',
    '--epsilon',
    '1',
  ]);
  assert.equal(noBudget.code, 2);
  assert.match(noBudget.stderr, /no privacy budget is set/);

  const set = await veil(['--json', 'dp', 'budget', data, '--epsilon', '2', '--delta', '1e-6']);
  assert.equal(set.code, 0, set.stderr);

  const spec = join(dir, 'histogram.yaml');
  writeFileSync(
    spec,
    'subject: user\nstatistic: count\ngroupBy: [city]\nepsilon: 1\ndelta: 5.0e-7\nmaxGroupsPerSubject: 2\nmaxRowsPerGroup: 1\n',
  );
  const hist = await veil(['--json', 'dp', 'query', data, '--spec', spec]);
  assert.equal(hist.code, 0, hist.stderr);
  const h = JSON.parse(hist.stdout) as QueryJson;
  assert.deepEqual(
    h.rows.map((r) => r.group.city),
    ['Kyiv', 'Lima', 'Lyon', 'Oslo', 'Pune'],
  );
  for (const row of h.rows) assert.ok(Math.abs(row.value - 400) < 40 && row.interval[0] < row.value);
  assert.deepEqual(h.spent, { epsilon: 1, delta: 5e-7 });

  const mean = await veil([
    'dp',
    'query',
    data,
    '--subject',
    'user',
    '--statistic',
    'mean',
    '--column',
    'amount',
    '--lower',
    '0',
    '--upper',
    '100',
    '--epsilon',
    '0.9',
    '--max-rows',
    '3',
  ]);
  assert.equal(mean.code, 0, mean.stderr);
  assert.match(mean.stdout, /DP mean of amount: spent epsilon 0\.9, delta 0; remaining epsilon 0\.1/);

  const refused = await veil([
    'dp',
    'query',
    data,
    '--subject',
    'user',
    '--statistic',
    'count',
    '--epsilon',
    '0.2',
  ]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /privacy budget exceeded/);

  const shown = await veil(['dp', 'budget', data]);
  assert.equal(shown.code, 0);
  assert.equal(shown.stdout.trim().split('\n').length, 3, shown.stdout);
});

test('veil dp query: bad input is a usage error naming the problem, before any budget check', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--statistic', 'count', '--epsilon', '1'], /subject column is required/],
    [
      ['--subject', 'nobody', '--statistic', 'count', '--epsilon', '1'],
      /subject column "nobody" is not in the dataset/,
    ],
    [['--subject', 'user', '--statistic', 'count', '--epsilon', '0'], /epsilon must be a finite number > 0/],
    [['--subject', 'user', '--statistic', 'count', '--epsilon', 'NaN'], /epsilon/],
    [
      ['--subject', 'user', '--statistic', 'count', '--epsilon', '1', '--group-by', 'city', '--delta', '1.5'],
      /delta must be a number in \[0, 1\)/,
    ],
    [
      ['--subject', 'user', '--statistic', 'sum', '--column', 'amount', '--epsilon', '1'],
      /needs finite clamp bounds/,
    ],
  ];
  for (const [args, message] of cases) {
    const res = await runVeil(['dp', 'query', data, ...args, '--ledger-dir', join(dir, 'unused')]);
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message);
    assert.equal(res.stderr.trim().split('\n').length, 1);
  }
});
