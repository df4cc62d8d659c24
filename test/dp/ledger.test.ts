import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError, UsageError } from '../../src/core/errors.js';
import { ledgerFile, readLedger, setBudget, spendBudget } from '../../src/engine/dp-ledger.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('veil-dp-ledger-');
const data = join(dir, 'data.csv');
writeFileSync(data, 'user\nu1\n');

const refused = (code: string) => (err: unknown) => err instanceof UsageError && err.code === code;

test('a query without a budget is refused, and nothing is computed', async () => {
  const options = { dir: join(dir, 'none') };
  let computed = false;
  await assert.rejects(
    spendBudget(data, { epsilon: 0.1, delta: 0 }, 'q', async () => (computed = true), options),
    refused('DP_NO_BUDGET'),
  );
  assert.equal(computed, false);
});

test('spends are recorded, the last of the budget can be spent, and beyond it is refused', async () => {
  const options = { dir: join(dir, 'seq') };
  await setBudget(data, { epsilon: 1, delta: 1e-6 }, options);
  const first = await spendBudget(data, { epsilon: 0.4, delta: 1e-7 }, 'q1', async () => 42, options);
  assert.equal(first.result, 42);
  await spendBudget(data, { epsilon: 0.6, delta: 0 }, 'q2', async () => 0, options);
  let computed = false;
  await assert.rejects(
    spendBudget(data, { epsilon: 0.01, delta: 0 }, 'q3', async () => (computed = true), options),
    refused('DP_BUDGET_EXCEEDED'),
  );
  assert.equal(computed, false);
  const ledger = await readLedger(data, options);
  assert.deepEqual(
    ledger!.entries.map((e) => e.label),
    ['q1', 'q2'],
  );
  // a failed computation is not charged
  await setBudget(data, { epsilon: 2, delta: 1e-6 }, options);
  await assert.rejects(
    spendBudget(
      data,
      { epsilon: 0.5, delta: 0 },
      'boom',
      async () => {
        throw new Error('query failed');
      },
      options,
    ),
  );
  assert.equal((await readLedger(data, options))!.entries.length, 2);
  // lowering the budget below what was spent is refused
  await assert.rejects(setBudget(data, { epsilon: 0.5, delta: 1e-6 }, options), UsageError);
});

test('concurrent queries cannot both spend the last of the budget', async () => {
  const options = { dir: join(dir, 'race') };
  await setBudget(data, { epsilon: 1, delta: 0 }, options);
  const slow = (): Promise<string> => new Promise((r) => setTimeout(() => r('done'), 30));
  const outcomes = await Promise.allSettled(
    Array.from({ length: 6 }, (_, i) =>
      spendBudget(data, { epsilon: 0.3, delta: 0 }, `q${i}`, slow, options),
    ),
  );
  const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
  assert.equal(ok, 3, 'exactly three spends of 0.3 fit in a budget of 1');
  assert.equal((await readLedger(data, options))!.entries.length, 3);
});

test('a held lock times out with a clear error; a corrupt ledger is an input error', async () => {
  const options = { dir: join(dir, 'lock'), lockTimeoutMs: 100 };
  await setBudget(data, { epsilon: 1, delta: 0 }, options);
  const file = await ledgerFile(data, options);
  writeFileSync(`${file}.lock`, 'someone else\n');
  await assert.rejects(
    spendBudget(data, { epsilon: 0.1, delta: 0 }, 'q', async () => 1, options),
    refused('DP_LEDGER_LOCKED'),
  );
  writeFileSync(file, '{not json');
  await assert.rejects(readLedger(data, options), InputError);
  assert.match(readFileSync(`${file}.lock`, 'utf8'), /someone else/);
});
