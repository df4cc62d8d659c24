import { VeilError } from '../core/errors.js';
import { deeper, isAncestorOrSelf, onSameBranch } from '../taxonomy/hierarchy.js';
import { decisionLabel, ruleLabel, sameDecision, type Decision, type Policy, type Rule } from './model.js';

/**
 * Rule resolution over two hierarchies. A rule for (purpose, category) covers every descendant
 * purpose and every descendant category. Among the rules that cover a pair, a rule is more specific
 * than another when it is at least as deep on both axes; the most specific rule decides. Two rules
 * that are each more specific on a different axis are ambiguous when they disagree, unless a rule
 * sits exactly where they meet. Nothing covered means deny (fail closed).
 */
export interface Resolution {
  decision: Decision;
  /** The deciding rule, or null when no rule covers the pair (default deny). */
  rule: Rule | null;
}

export const DEFAULT_DENY: Resolution = { decision: { kind: 'deny' }, rule: null };

export function covers(rule: Rule, purpose: string, category: string): boolean {
  return isAncestorOrSelf(rule.purpose, purpose) && isAncestorOrSelf(rule.category, category);
}

/** True when `a` is at least as specific as `b` on both axes and strictly more on one. */
export function moreSpecific(a: Rule, b: Rule): boolean {
  const atLeast = isAncestorOrSelf(b.purpose, a.purpose) && isAncestorOrSelf(b.category, a.category);
  return atLeast && (a.purpose !== b.purpose || a.category !== b.category);
}

/** The covering rules that no other covering rule is more specific than. */
export function mostSpecificRules(rules: readonly Rule[], purpose: string, category: string): Rule[] {
  const covering = rules.filter((r) => covers(r, purpose, category));
  return covering.filter((r) => !covering.some((other) => moreSpecific(other, r)));
}

/** The decision for one purpose and one category; throws when the policy is ambiguous there. */
export function resolve(policy: Policy, purpose: string, category: string): Resolution {
  const winners = mostSpecificRules(policy.rules, purpose, category);
  const [first, ...rest] = winners;
  if (!first) return DEFAULT_DENY;
  const rival = rest.find((r) => !sameDecision(r.decision, first.decision));
  if (rival) {
    throw new VeilError('check', `ambiguous policy for purpose "${purpose}" and category "${category}"`, {
      where: `${first.where} ${ruleLabel(first)} and ${rival.where} ${ruleLabel(rival)}`,
      hint: 'add a rule for exactly that purpose and category',
      code: 'POLICY_AMBIGUOUS',
    });
  }
  return { decision: first.decision, rule: first };
}

export interface RuleConflict {
  rule: Rule;
  other: Rule;
  message: string;
}

/**
 * Every duplicate and every ambiguity in the rule set, found statically. A point is ambiguous when
 * two disagreeing rules both decide there; they still both decide where they meet (any rule beating
 * one of them there would beat it below too), so checking the meeting point of every disagreeing
 * pair of rules on shared branches finds them all. Each meeting point is checked once, which bounds
 * the work by the size of the taxonomy as well as by the number of pairs.
 */
export function findRuleConflicts(rules: readonly Rule[]): RuleConflict[] {
  const conflicts: RuleConflict[] = [];
  const checked = new Set<string>();
  rules.forEach((rule, j) => {
    for (const other of rules.slice(0, j)) {
      if (rule.purpose === other.purpose && rule.category === other.category) {
        conflicts.push({ rule, other, message: `repeats the purpose and category of ${ruleLabel(other)}` });
        continue;
      }
      const meet = meetingPoint(rule, other);
      if (!meet || checked.has(meet.key)) continue;
      checked.add(meet.key);
      const conflict = ambiguityAt(rules, meet.purpose, meet.category);
      if (conflict) conflicts.push(conflict);
    }
  });
  return conflicts;
}

/** Where two disagreeing rules on shared branches of both hierarchies meet. */
function meetingPoint(a: Rule, b: Rule): { purpose: string; category: string; key: string } | undefined {
  if (sameDecision(a.decision, b.decision)) return undefined;
  if (!onSameBranch(a.purpose, b.purpose) || !onSameBranch(a.category, b.category)) return undefined;
  const purpose = deeper(a.purpose, b.purpose);
  const category = deeper(a.category, b.category);
  return { purpose, category, key: `${purpose}\u0000${category}` };
}

function ambiguityAt(rules: readonly Rule[], purpose: string, category: string): RuleConflict | undefined {
  const winners = mostSpecificRules(rules, purpose, category);
  const first = winners[0];
  const rival = first && winners.find((r) => !sameDecision(r.decision, first.decision));
  if (!first || !rival) return undefined;
  const [earlier, later] = first.index < rival.index ? [first, rival] : [rival, first];
  const message =
    `is ambiguous with ${ruleLabel(earlier)} for purpose "${purpose}" and category "${category}" ` +
    `(${decisionLabel(later.decision)} vs ${decisionLabel(earlier.decision)})`;
  return { rule: later, other: earlier, message };
}
