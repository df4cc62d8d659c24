import { VeilError } from '../core/errors.js';
import type { Dataset, Policy } from './model.js';
import { canonicalJson, decisionLabel, ruleLabel } from './model.js';
import type { PipelineInputField, PipelineManifest, PipelineOutput } from './pipeline.js';
import { resolve, type Resolution } from './resolve.js';
import { retentionFor } from './retention.js';

/**
 * The pipeline gate: every field a pipeline reads must be allowed for its purpose, or read in
 * exactly the form the policy requires; outputs must respect retention and region limits.
 * Anything the policy does not know is a violation (fail closed).
 */
export type ViolationKind = 'denied' | 'untransformed' | 'undeclared' | 'ambiguous' | 'retention' | 'region';

export interface Violation {
  kind: ViolationKind;
  /** `dataset.field`, or the output name for retention and region violations. */
  field: string;
  category: string | null;
  purpose: string;
  /** The deciding rule (`rules[3] (id)`), `default deny`, or the limit that applies. */
  rule: string;
  /** Where the deciding rule or limit is written in the policy. */
  ruleWhere?: string;
  message: string;
  /** Where in the pipeline manifest. */
  where: string;
}

export interface GateResult {
  pipeline: string;
  purpose: string;
  fieldsChecked: number;
  violations: Violation[];
}

export function checkPipeline(policy: Policy, manifest: PipelineManifest): GateResult {
  const violations = [
    ...manifest.fields.flatMap((f) => checkField(policy, manifest, f)),
    ...manifest.outputs.flatMap((o) => checkRetention(policy, manifest, o)),
    ...(manifest.region ? checkRegion(policy, manifest, manifest.region, 'pipeline runs') : []),
    ...manifest.outputs.flatMap((o) =>
      checkRegion(policy, manifest, o.region ?? manifest.region, 'output is', o),
    ),
  ];
  return {
    pipeline: manifest.pipeline,
    purpose: manifest.purpose,
    fieldsChecked: manifest.fields.length,
    violations,
  };
}

function checkField(policy: Policy, manifest: PipelineManifest, input: PipelineInputField): Violation[] {
  const base = { field: `${input.dataset}.${input.field}`, purpose: manifest.purpose, where: input.where };
  const dataset = policy.datasets.get(input.dataset);
  const declared = dataset?.fields.get(input.field);
  if (!dataset || !declared) {
    const what = dataset
      ? `field "${input.field}" is not declared in dataset "${input.dataset}"`
      : `dataset "${input.dataset}" is not declared`;
    return [
      { ...base, kind: 'undeclared', category: null, rule: 'default deny', message: `${what} in the policy` },
    ];
  }
  const withCategory = { ...base, category: declared.category };
  let resolution: Resolution;
  try {
    resolution = resolve(policy, manifest.purpose, declared.category);
  } catch (err) {
    if (!(err instanceof VeilError)) throw err;
    return [{ ...withCategory, kind: 'ambiguous', rule: err.where ?? 'ambiguous', message: err.message }];
  }
  const { decision, rule } = resolution;
  const ruleInfo = rule ? { rule: ruleLabel(rule), ruleWhere: rule.where } : { rule: 'default deny' };
  if (decision.kind === 'allow') return [];
  if (decision.kind === 'deny') {
    return [
      {
        ...withCategory,
        ...ruleInfo,
        kind: 'denied',
        message: `${declared.category} is denied for purpose ${manifest.purpose}`,
      },
    ];
  }
  if (input.transform && canonicalJson(input.transform) === canonicalJson(decision.transform)) return [];
  const read = input.transform
    ? `reads it as ${decisionLabel({ kind: 'transform', transform: input.transform })}`
    : 'reads it raw';
  return [
    {
      ...withCategory,
      ...ruleInfo,
      kind: 'untransformed',
      message: `the policy requires ${decisionLabel(decision)}; the pipeline ${read}`,
    },
  ];
}

/** The datasets a pipeline reads that the policy declares. */
function inputDatasets(policy: Policy, manifest: PipelineManifest): Dataset[] {
  const names = [...new Set(manifest.fields.map((f) => f.dataset))];
  return names.flatMap((n) => policy.datasets.get(n) ?? []);
}

function checkRetention(policy: Policy, manifest: PipelineManifest, output: PipelineOutput): Violation[] {
  const limits = manifest.fields.flatMap((f) => {
    const dataset = policy.datasets.get(f.dataset);
    const declared = dataset?.fields.get(f.field);
    const limit = dataset && declared ? retentionFor(policy, dataset, declared.category) : undefined;
    return limit ? [{ ...limit, input: f, category: declared?.category ?? null }] : [];
  });
  const strictest = limits.sort((a, b) => a.days - b.days)[0];
  if (!strictest || (output.retentionDays !== undefined && output.retentionDays <= strictest.days)) return [];
  const stated =
    output.retentionDays === undefined ? 'states no retention' : `keeps data ${output.retentionDays} days`;
  return [
    {
      kind: 'retention',
      field: output.name,
      category: strictest.category,
      purpose: manifest.purpose,
      rule: strictest.source,
      ruleWhere: strictest.where,
      message: `output ${stated}; ${strictest.input.dataset}.${strictest.input.field} may be kept at most ${strictest.days} days`,
      where: output.where,
    },
  ];
}

/** Data of a region-bound dataset may be processed and stored only where its region allows. */
function checkRegion(
  policy: Policy,
  manifest: PipelineManifest,
  region: string | undefined,
  subject: string,
  output?: PipelineOutput,
): Violation[] {
  return inputDatasets(policy, manifest).flatMap((dataset): Violation[] => {
    if (!dataset.region) return [];
    const allowed = policy.regions.get(dataset.region)?.mayFlowTo ?? [dataset.region];
    if (region !== undefined && allowed.includes(region)) return [];
    const stated =
      region === undefined ? `${subject} in no stated region` : `${subject} in region "${region}"`;
    return [
      {
        kind: 'region',
        field: output?.name ?? manifest.pipeline,
        category: null,
        purpose: manifest.purpose,
        rule: `datasets.${dataset.name}.region`,
        ruleWhere: dataset.where,
        message: `${stated}; data of dataset "${dataset.name}" must stay in ${allowed.join(', ')}`,
        where: output?.where ?? `${manifest.file}:${manifest.regionLine ?? 1}`,
      },
    ];
  });
}
