/** Privacy-as-code: policy model and loader, rule resolution, explain/plan, the pipeline gate, run manifests. */
export { validatePolicyText, parsePolicy, loadPolicy, type PolicyValidation } from './load.js';
export { policySchema, policyJsonSchema } from './schema.js';
export { formatProblem, type Problem } from './yaml-source.js';
export type { Policy, Rule, Decision, Dataset, FieldDeclaration } from './model.js';
export { resolve, findRuleConflicts, mostSpecificRules, type Resolution } from './resolve.js';
export { explain, type Explanation, type FieldExplanation, type RuleRef } from './explain.js';
export type { ProtectionPlan, PlanStep } from './plan.js';
export { outputFields, operatorsUsed } from './plan.js';
export { retentionFor } from './retention.js';
export { parsePipeline, loadPipeline, pipelineJsonSchema, type PipelineManifest } from './pipeline.js';
export { checkPipeline, type Violation, type GateResult } from './gate.js';
export { buildRunEvent, newRunId, type RunManifest, type OpenLineageRunEvent } from './manifest.js';
export { KNOWN_OPS, isKnownOp, type TransformationConfig } from './operators.js';
