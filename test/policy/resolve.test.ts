import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { VeilError } from '../../src/core/errors.js';
import { compilePolicy } from '../../src/policy/compile.js';
import { parsePolicy } from '../../src/policy/load.js';
import type { Policy, Rule } from '../../src/policy/model.js';
import { findRuleConflicts, moreSpecific, resolve } from '../../src/policy/resolve.js';
import { policySchema } from '../../src/policy/schema.js';
import { YamlSource } from '../../src/policy/yaml-source.js';
import { policyWithRules } from './helpers.js';

function decided(policy: Policy, purpose: string, category: string): string {
  const { decision, rule } = resolve(policy, purpose, category);
  const what = decision.kind === 'transform' ? `transform:${decision.transform.op}` : decision.kind;
  return `${what} by ${rule ? `rules[${rule.index}]` : 'default'}`;
}

const rules = (lines: string[][]): string =>
  lines.map(([p, c, a]) => `  - purpose: '${p}'\n    category: '${c}'\n    ${a}\n`).join('');

test('the most specific category wins within one purpose', () => {
  const policy = parsePolicy(
    policyWithRules(
      rules([
        ['analytics', 'user.contact', 'action: deny'],
        ['analytics', 'user.contact.email', 'transform: { op: hash, salt: s1 }'],
      ]),
    ),
    'p.yaml',
  );
  assert.equal(decided(policy, 'analytics', 'user.contact.email'), 'transform:hash by rules[1]');
  assert.equal(decided(policy, 'analytics', 'user.contact.phone_number'), 'deny by rules[0]');
  assert.equal(
    decided(policy, 'analytics.product', 'user.contact.email'),
    'transform:hash by rules[1]',
    'child purposes inherit',
  );
});

test('the most specific purpose wins within one category', () => {
  const policy = parsePolicy(
    policyWithRules(
      rules([
        ['model_training', 'user.location.precise', 'transform: { op: round_coordinates, decimals: 3 }'],
        ['model_training.recommendation', 'user.location.precise', 'action: allow'],
      ]),
    ),
    'p.yaml',
  );
  assert.equal(
    decided(policy, 'model_training.recommendation', 'user.location.precise'),
    'allow by rules[1]',
  );
  assert.equal(
    decided(policy, 'model_training', 'user.location.precise'),
    'transform:round_coordinates by rules[0]',
  );
  assert.equal(
    decided(policy, 'model_training', 'user.location'),
    'deny by default',
    'a rule never covers its parent',
  );
});

test('across both hierarchies: a rule at the meeting point settles two crossing rules', () => {
  const policy = parsePolicy(
    policyWithRules(
      rules([
        ['*', 'user.government_id', 'action: deny'],
        ['safety', '*', 'action: allow'],
        ['safety', 'user.government_id', 'transform: { op: pseudonymize, key: k }'],
      ]),
    ),
    'p.yaml',
  );
  assert.equal(decided(policy, 'safety.fraud', 'user.government_id'), 'transform:pseudonymize by rules[2]');
  assert.equal(decided(policy, 'safety.fraud', 'user.contact.email'), 'allow by rules[1]');
  assert.equal(decided(policy, 'analytics', 'user.government_id'), 'deny by rules[0]');
  assert.equal(decided(policy, 'analytics', 'user.contact.email'), 'deny by default');
});

test('crossing rules that agree need no meeting rule', () => {
  const policy = parsePolicy(
    policyWithRules(
      rules([
        ['*', 'user.contact', 'action: deny'],
        ['advertising', 'user', 'action: deny'],
      ]),
    ),
    'p.yaml',
  );
  assert.equal(decided(policy, 'advertising', 'user.contact.email').split(' ')[0], 'deny');
});

/** Compiles a policy without the conflict check, so resolve can be tested against it. */
function compileUnchecked(text: string): Policy {
  const src = new YamlSource('p.yaml', text);
  const doc = policySchema.parse(src.toJS());
  const { policy, problems } = compilePolicy(doc, src, 'x');
  assert.deepEqual(problems, []);
  return policy;
}

test('resolve refuses an ambiguous pair with a check error naming both rules', () => {
  const policy = compileUnchecked(
    policyWithRules(
      rules([
        ['model_training', 'user.contact.email', 'action: allow'],
        ['model_training.recommendation', 'user.contact', 'action: deny'],
      ]),
    ),
  );
  assert.throws(
    () => resolve(policy, 'model_training.recommendation', 'user.contact.email'),
    (err: unknown) =>
      err instanceof VeilError && err.exitCode === 1 && /rules\[0\].*rules\[1\]/.test(err.where ?? ''),
  );
  assert.equal(decided(policy, 'model_training', 'user.contact.email'), 'allow by rules[0]');
  assert.equal(
    decided(policy, 'model_training.recommendation', 'user.contact.phone_number'),
    'deny by rules[1]',
  );
});

/** A deterministic stream of numbers from a seed (SHA-256 counter mode). */
function* numbers(seed: string): Generator<number> {
  for (let i = 0; ; i++) {
    const digest = createHash('sha256').update(`${seed}:${i}`).digest();
    for (let j = 0; j < 32; j += 4) yield digest.readUInt32BE(j);
  }
}

const PURPOSES = [
  '*',
  'analytics',
  'analytics.product',
  'model_training',
  'model_training.recommendation',
  'safety',
];
const CATEGORIES = [
  '*',
  'user',
  'user.contact',
  'user.contact.email',
  'user.location',
  'user.location.precise',
  'user.content.message',
];
const ACTIONS = ['action: allow', 'action: deny', 'transform: { op: hash, salt: s1 }'];
const QUERY_PURPOSES = PURPOSES.filter((p) => p !== '*').concat(['safety.fraud', 'advertising']);
const QUERY_CATEGORIES = CATEGORIES.filter((c) => c !== '*').concat([
  'user.contact.phone_number',
  'system.operations',
]);

function randomRuleSet(rng: Generator<number>): string[][] {
  const pick = <T>(xs: T[]): T => xs[rng.next().value! % xs.length]!;
  const count = 2 + (rng.next().value! % 5);
  const seen = new Set<string>();
  const out: string[][] = [];
  while (out.length < count) {
    const [p, c] = [pick(PURPOSES), pick(CATEGORIES)];
    if (seen.has(`${p} ${c}`)) continue;
    seen.add(`${p} ${c}`);
    out.push([p, c, pick(ACTIONS)]);
  }
  return out;
}

test('property: the static conflict check is exact, and the winner is never less specific than a disagreeing rule', () => {
  const rng = numbers('veil-policy-resolve');
  let conflicted = 0;
  for (let trial = 0; trial < 300; trial++) {
    const policy = compileUnchecked(policyWithRules(rules(randomRuleSet(rng))));
    const hasConflicts = findRuleConflicts(policy.rules).length > 0;
    let threw = false;
    for (const p of QUERY_PURPOSES) {
      for (const c of QUERY_CATEGORIES) {
        let result;
        try {
          result = resolve(policy, p, c);
        } catch {
          threw = true;
          continue;
        }
        const covering = policy.rules.filter(
          (r) =>
            policy.purposes.has(p) &&
            (r.purpose === '*' || p === r.purpose || p.startsWith(`${r.purpose}.`)) &&
            (r.category === '*' || c === r.category || c.startsWith(`${r.category}.`)),
        );
        if (!result.rule) {
          assert.equal(covering.length, 0, `default deny only when nothing covers ${p} × ${c}`);
          assert.equal(result.decision.kind, 'deny');
          continue;
        }
        const winner = result.rule;
        assert.ok(covering.includes(winner));
        for (const other of covering) {
          assert.ok(
            !moreSpecific(other, winner),
            `${p} × ${c}: rules[${other.index}] is more specific than the winner`,
          );
          const same = (r: Rule): boolean => JSON.stringify(r.decision) === JSON.stringify(winner.decision);
          if (same(other)) continue;
          const beaten = covering.some((r) => same(r) && moreSpecific(r, other));
          assert.ok(
            beaten,
            `${p} × ${c}: rules[${other.index}] disagrees and no agreeing rule is more specific`,
          );
        }
      }
    }
    assert.equal(
      threw,
      hasConflicts,
      `trial ${trial}: resolve threw=${threw} but static conflicts=${hasConflicts}`,
    );
    if (hasConflicts) conflicted++;
  }
  assert.ok(conflicted > 20 && conflicted < 280, `both outcomes exercised (${conflicted} of 300 conflicted)`);
});
