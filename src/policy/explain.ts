import { UsageError } from '../core/errors.js';
import { ruleLabel, type Dataset, type Decision, type Policy, type Rule } from './model.js';
import type { PlanStep, ProtectionPlan } from './plan.js';
import { resolve } from './resolve.js';
import { retentionFor } from './retention.js';

/** The rule that decided, as reports show it. */
export interface RuleRef {
  label: string;
  index: number;
  id?: string;
  purpose: string;
  category: string;
  where: string;
}

export interface FieldExplanation {
  field: string;
  category: string;
  decision: Decision['kind'];
  step: PlanStep;
  /** Null when no rule covers the field: default deny. */
  rule: RuleRef | null;
  retentionDays?: number;
}

export interface Explanation {
  purpose: string;
  dataset: string;
  fields: FieldExplanation[];
  plan: ProtectionPlan;
}

export function ruleRef(rule: Rule): RuleRef {
  const ref: RuleRef = {
    label: ruleLabel(rule),
    index: rule.index,
    purpose: rule.purpose,
    category: rule.category,
    where: rule.where,
  };
  if (rule.id) ref.id = rule.id;
  return ref;
}

export function planStep(decision: Decision): PlanStep {
  if (decision.kind === 'transform') return decision.transform;
  return decision.kind === 'allow' ? 'keep' : 'drop';
}

/** What each field of a dataset becomes for a purpose, which rule decided it, and the resulting plan. */
export function explain(policy: Policy, purpose: string, datasetName: string): Explanation {
  requirePurpose(policy, purpose);
  const dataset = requireDataset(policy, datasetName);
  const fields = [...dataset.fields.values()].map((f): FieldExplanation => {
    const { decision, rule } = resolve(policy, purpose, f.category);
    const out: FieldExplanation = {
      field: f.name,
      category: f.category,
      decision: decision.kind,
      step: planStep(decision),
      rule: rule ? ruleRef(rule) : null,
    };
    const retention = retentionFor(policy, dataset, f.category);
    if (retention) out.retentionDays = retention.days;
    return out;
  });
  return { purpose, dataset: dataset.name, fields, plan: buildPlan(policy, purpose, dataset, fields) };
}

function buildPlan(
  policy: Policy,
  purpose: string,
  dataset: Dataset,
  fields: FieldExplanation[],
): ProtectionPlan {
  const plan: ProtectionPlan = {
    version: 1,
    policy: { file: policy.file, sha256: policy.sha256 },
    purpose,
    dataset: dataset.name,
    fields: Object.fromEntries(fields.map((f) => [f.field, f.step])),
    undeclaredFields: 'drop',
  };
  if (dataset.subjectField) plan.subjectField = dataset.subjectField;
  const kept = fields.filter((f) => f.step !== 'drop' && f.retentionDays !== undefined);
  if (kept.length) plan.retentionDays = Math.min(...kept.map((f) => f.retentionDays ?? Infinity));
  if (dataset.region) plan.region = dataset.region;
  return plan;
}

export function requirePurpose(policy: Policy, purpose: string): void {
  if (policy.purposes.has(purpose) && purpose !== '*') return;
  const near = policy.purposes.suggest(purpose);
  throw new UsageError(`unknown purpose "${purpose}"`, {
    where: policy.file,
    hint: near.length
      ? `did you mean ${near.join(', ')}?`
      : `known purposes: ${policy.purposes.names().join(', ')}`,
  });
}

export function requireDataset(policy: Policy, name: string): Dataset {
  const dataset = policy.datasets.get(name);
  if (dataset) return dataset;
  throw new UsageError(`unknown dataset "${name}"`, {
    where: policy.file,
    hint: `the policy declares: ${[...policy.datasets.keys()].join(', ') || 'no datasets'}`,
  });
}
