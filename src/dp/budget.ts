import { UsageError } from '../core/errors.js';
import { basicComposition, type ApproxDp } from './accountant.js';
import { checkDelta, checkEpsilon } from './params.js';

/** One spend recorded against a budget. */
export interface Spend extends ApproxDp {
  label: string;
}

/** Slack so a budget of exactly 1.0 can be spent as 0.5 + 0.5 despite floating point rounding. */
const TOLERANCE = 1e-9;

/**
 * A total (ε, δ) budget spent under basic composition. Pure: the ledger in src/engine persists it.
 * `charge` refuses (UsageError, exit 2) a spend that would exceed either component.
 */
export class BudgetAccountant {
  readonly total: ApproxDp;
  readonly spends: Spend[];

  constructor(total: ApproxDp, spends: Spend[] = []) {
    this.total = {
      epsilon: checkEpsilon(total.epsilon, 'budget epsilon'),
      delta: checkDelta(total.delta, 'budget delta'),
    };
    this.spends = [...spends];
  }

  spent(): ApproxDp {
    return this.spends.length === 0 ? { epsilon: 0, delta: 0 } : basicComposition(this.spends);
  }

  remaining(): ApproxDp {
    const s = this.spent();
    return {
      epsilon: Math.max(0, this.total.epsilon - s.epsilon),
      delta: Math.max(0, this.total.delta - s.delta),
    };
  }

  canAfford(cost: ApproxDp): boolean {
    const after = basicComposition([...this.spends, cost]);
    return (
      after.epsilon <= this.total.epsilon * (1 + TOLERANCE) &&
      after.delta <= this.total.delta * (1 + TOLERANCE)
    );
  }

  charge(spend: Spend): void {
    checkEpsilon(spend.epsilon);
    checkDelta(spend.delta);
    if (!this.canAfford(spend)) {
      const left = this.remaining();
      throw new UsageError('privacy budget exceeded: the query was refused and nothing was computed', {
        code: 'DP_BUDGET_EXCEEDED',
        where: `remaining epsilon ${fmt(left.epsilon)}, delta ${fmt(left.delta)}; asked epsilon ${fmt(spend.epsilon)}, delta ${fmt(spend.delta)}`,
        hint: 'ask for a smaller epsilon/delta, or have the data owner raise the dataset budget',
      });
    }
    this.spends.push(spend);
  }
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
