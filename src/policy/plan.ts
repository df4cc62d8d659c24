import type { TransformationConfig } from './operators.js';

/**
 * What `veil protect` does to each output field for one purpose and one dataset: copy it (keep),
 * leave it out (drop), or write it through an operator. Fields found in the data but absent from the
 * policy are dropped (fail closed), which `undeclaredFields` states explicitly for the executor.
 */
export type PlanStep = 'keep' | 'drop' | TransformationConfig;

export interface ProtectionPlan {
  version: 1;
  policy: { file: string; sha256: string };
  purpose: string;
  dataset: string;
  /** The field identifying the data subject, when the dataset declares one (per-subject keys, shifts). */
  subjectField?: string;
  /** One step per declared field, in declaration order. */
  fields: Record<string, PlanStep>;
  undeclaredFields: 'drop';
  /** The shortest retention that applies to any kept field, in days. */
  retentionDays?: number;
  /** Output must stay in this region (or one it may flow to). */
  region?: string;
}

/** The fields a plan writes (everything not dropped). */
export function outputFields(plan: ProtectionPlan): string[] {
  return Object.entries(plan.fields)
    .filter(([, step]) => step !== 'drop')
    .map(([field]) => field);
}

/** The operators a plan uses and on which fields, for manifests and key checks. */
export function operatorsUsed(plan: ProtectionPlan): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const [field, step] of Object.entries(plan.fields)) {
    if (typeof step === 'string') continue;
    used.set(step.op, [...(used.get(step.op) ?? []), field]);
  }
  return used;
}
