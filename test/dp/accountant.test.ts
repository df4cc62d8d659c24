import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  advancedComposition,
  basicComposition,
  bestHomogeneousComposition,
  pureToZcdp,
  rhoForApproxDp,
  zcdpComposition,
  zcdpDeltaAtOrder,
  zcdpToApproxDp,
  zcdpToApproxDpBunSteinke,
} from '../../src/dp/accountant.js';
import { BudgetAccountant } from '../../src/dp/budget.js';
import { UsageError } from '../../src/core/errors.js';

const close = (a: number, b: number, rel = 1e-9): boolean =>
  Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

test('basic composition adds epsilons and deltas', () => {
  const c = basicComposition([
    { epsilon: 0.5, delta: 1e-7 },
    { epsilon: 0.25, delta: 0 },
    { epsilon: 1, delta: 2e-7 },
  ]);
  assert.ok(close(c.epsilon, 1.75) && c.epsilon >= 1.75);
  assert.ok(close(c.delta, 3e-7) && c.delta >= 3e-7);
});

test('advanced composition matches the Dwork–Rothblum–Vadhan closed form', () => {
  // 0.1·sqrt(200·ln 1e6) + 100·0.1·(e^0.1 − 1), computed independently
  const c = advancedComposition({ epsilon: 0.1, delta: 1e-8 }, 100, 1e-6);
  assert.ok(close(c.epsilon, 6.308230950513409, 1e-12));
  assert.ok(close(c.delta, 100 * 1e-8 + 1e-6));
  // for few compositions basic composition is better and is the one chosen
  assert.equal(
    bestHomogeneousComposition({ epsilon: 0.1, delta: 0 }, 3, 1e-6).epsilon,
    basicComposition([
      { epsilon: 0.1, delta: 0 },
      { epsilon: 0.1, delta: 0 },
      { epsilon: 0.1, delta: 0 },
    ]).epsilon,
  );
  assert.ok(bestHomogeneousComposition({ epsilon: 0.01, delta: 0 }, 10_000, 1e-6).epsilon < 100 * 0.99);
});

test('zCDP composes additively and pure DP embeds as ε²/2', () => {
  assert.ok(close(zcdpComposition([0.1, 0.2, 0.05]), 0.35));
  assert.ok(close(pureToZcdp(1), 0.5));
});

test('zCDP to (ε, δ): Bun–Steinke closed form and the tighter CKS bound', () => {
  const bs = zcdpToApproxDpBunSteinke(0.5, 1e-6);
  assert.ok(close(bs.epsilon, 5.756521769756932, 1e-12)); // 0.5 + 2·sqrt(0.5·ln 1e6)
  const cks = zcdpToApproxDp(0.5, 1e-6);
  assert.ok(cks.epsilon < bs.epsilon);
  assert.ok(close(cks.epsilon, 5.221534444539582, 1e-6), `${cks.epsilon}`); // grid search over α, independent
  // the returned ε really achieves δ at some Rényi order
  const best = Math.min(
    ...Array.from({ length: 4000 }, (_, i) => zcdpDeltaAtOrder(0.5, cks.epsilon, 1.001 + i * 0.01)),
  );
  assert.ok(best <= 1e-6 * (1 + 1e-3), `${best}`);
});

test('rhoForApproxDp inverts the conversion', () => {
  const rho = rhoForApproxDp({ epsilon: 1, delta: 1e-6 });
  assert.ok(zcdpToApproxDp(rho, 1e-6).epsilon <= 1);
  assert.ok(zcdpToApproxDp(rho * 1.01, 1e-6).epsilon > 1);
});

test('bad parameters are usage errors', () => {
  assert.throws(() => advancedComposition({ epsilon: Number.NaN, delta: 0 }, 3, 1e-6), UsageError);
  assert.throws(() => advancedComposition({ epsilon: 1, delta: 1 }, 3, 1e-6), UsageError);
  assert.throws(() => zcdpToApproxDp(0.5, 0), UsageError);
  assert.throws(() => pureToZcdp(-1), UsageError);
});

test('the budget accountant spends exactly to the limit and refuses beyond it', () => {
  const budget = new BudgetAccountant({ epsilon: 1, delta: 1e-6 });
  budget.charge({ label: 'q1', epsilon: 0.5, delta: 0 });
  budget.charge({ label: 'q2', epsilon: 0.3, delta: 5e-7 });
  budget.charge({ label: 'q3', epsilon: 0.2, delta: 0 });
  assert.ok(budget.remaining().epsilon < 1e-9);
  assert.throws(
    () => budget.charge({ label: 'q4', epsilon: 0.01, delta: 0 }),
    (err: unknown) => err instanceof UsageError && err.code === 'DP_BUDGET_EXCEEDED',
  );
  assert.equal(budget.spends.length, 3);
  const deltaBudget = new BudgetAccountant({ epsilon: 2, delta: 1e-6 });
  deltaBudget.charge({ label: 'd1', epsilon: 0.1, delta: 6e-7 });
  assert.throws(
    () => deltaBudget.charge({ label: 'd2', epsilon: 0.1, delta: 6e-7 }),
    (err: unknown) => err instanceof UsageError && err.code === 'DP_BUDGET_EXCEEDED',
  );
});
