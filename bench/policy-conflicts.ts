import { createHash } from 'node:crypto';
import { sameDecision, type Rule } from '../src/policy/model.js';
import { findRuleConflicts, mostSpecificRules } from '../src/policy/resolve.js';
import { defaultCategories } from '../src/taxonomy/categories.js';
import { isAncestorOrSelf, ROOT } from '../src/taxonomy/hierarchy.js';
import { defaultPurposes } from '../src/taxonomy/purposes.js';

/**
 * Static ambiguity check of a policy's rules (what `veil policy validate` runs). Candidate: check only
 * the meeting points of disagreeing pairs of rules (src/policy/resolve.ts). Baseline: resolve every
 * (purpose, category) pair of the default taxonomy. Both report every ambiguity; the bench checks
 * that they find the same ones.
 */
const PURPOSES = [ROOT, ...defaultPurposes().names()];
const CATEGORIES = [ROOT, ...defaultCategories().names()];
const DECISIONS: Rule['decision'][] = [
  { kind: 'allow' },
  { kind: 'deny' },
  { kind: 'transform', transform: { op: 'redact' } },
];

function* numbers(seed: string): Generator<number> {
  for (let i = 0; ; i++) {
    const digest = createHash('sha256').update(`${seed}:${i}`).digest();
    for (let j = 0; j < 32; j += 4) yield digest.readUInt32BE(j);
  }
}

function ruleSet(count: number, seed: string): Rule[] {
  const rng = numbers(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.next().value! % xs.length]!;
  const seen = new Set<string>();
  const rules: Rule[] = [];
  while (rules.length < count) {
    const [purpose, category] = [pick(PURPOSES), pick(CATEGORIES)];
    if (seen.has(`${purpose} ${category}`)) continue;
    seen.add(`${purpose} ${category}`);
    rules.push({ index: rules.length, purpose, category, decision: pick(DECISIONS), where: 'bench' });
  }
  return rules;
}

/** Every ambiguous (purpose, category) point of the taxonomy. */
function exhaustive(rules: readonly Rule[]): string[][] {
  const points: string[][] = [];
  for (const p of PURPOSES.slice(1)) {
    for (const c of CATEGORIES.slice(1)) {
      const [first, ...rest] = mostSpecificRules(rules, p, c);
      if (first && rest.some((r) => !sameDecision(r.decision, first.decision))) points.push([p, c]);
    }
  }
  return points;
}

function meetingPoints(rules: readonly Rule[]): string[][] {
  return findRuleConflicts(rules)
    .filter((c) => !c.message.startsWith('repeats'))
    .map((c) => /purpose "([^"]+)" and category "([^"]+)"/.exec(c.message)!.slice(1, 3));
}

/** Same findings: every meeting point is ambiguous, and every ambiguous point lies below one. */
function agree(meets: string[][], all: string[][]): boolean {
  const key = (x: string[]): string => x.join(' ');
  const allKeys = new Set(all.map(key));
  const below = (q: string[]): boolean =>
    meets.some(([p, c]) => isAncestorOrSelf(p!, q[0]!) && isAncestorOrSelf(c!, q[1]!));
  return meets.every((m) => allKeys.has(key(m))) && all.every(below);
}

function time(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const count of [25, 100, 300]) {
  const sets = Array.from({ length: 7 }, (_, i) => ruleSet(count, `bench-${count}-${i}`));
  const candidate: number[] = [];
  const baseline: number[] = [];
  for (const rules of sets) {
    if (!agree(meetingPoints(rules), exhaustive(rules))) throw new Error(`disagreement at ${count} rules`);
    candidate.push(time(() => findRuleConflicts(rules)));
    baseline.push(time(() => exhaustive(rules)));
  }
  const [c, b] = [median(candidate), median(baseline)];
  console.log(
    `${count} rules, ${PURPOSES.length - 1} purposes x ${CATEGORIES.length - 1} categories: ` +
      `meeting points ${c.toFixed(2)} ms, exhaustive ${b.toFixed(2)} ms, ratio ${(b / c).toFixed(1)}x`,
  );
}
