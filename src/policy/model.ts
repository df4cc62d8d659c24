import type { DataCategory, DataSubject } from '../taxonomy/categories.js';
import type { Hierarchy } from '../taxonomy/hierarchy.js';
import type { Purpose } from '../taxonomy/purposes.js';
import type { TransformationConfig } from './operators.js';

/** What a rule does to a field: let it through, drop it, or let it through only transformed. */
export type Decision =
  { kind: 'allow' } | { kind: 'deny' } | { kind: 'transform'; transform: TransformationConfig };

export interface Rule {
  /** Position in the policy's `rules` list. */
  index: number;
  id?: string;
  purpose: string;
  category: string;
  decision: Decision;
  reason?: string;
  /** `policy.yaml:23`. */
  where: string;
}

export interface FieldDeclaration {
  name: string;
  category: string;
  description?: string;
}

export interface Dataset {
  name: string;
  description?: string;
  subject?: string;
  subjectField?: string;
  region?: string;
  retentionDays?: number;
  fields: ReadonlyMap<string, FieldDeclaration>;
  where: string;
}

export interface RetentionLimit {
  category: string;
  days: number;
  where: string;
}

export interface Region {
  name: string;
  description?: string;
  /** Regions its data may flow to; always includes itself. */
  mayFlowTo: readonly string[];
}

/** A validated policy with its taxonomy merged over Veil's default. */
export interface Policy {
  file: string;
  /** sha256 of the policy text, for run manifests. */
  sha256: string;
  categories: Hierarchy<DataCategory>;
  subjects: Hierarchy<DataSubject>;
  purposes: Hierarchy<Purpose>;
  regions: ReadonlyMap<string, Region>;
  datasets: ReadonlyMap<string, Dataset>;
  rules: readonly Rule[];
  retention: readonly RetentionLimit[];
}

/** How a rule is named in reports: `rules[4]` or `rules[4] (id)`. */
export function ruleLabel(rule: Rule): string {
  return rule.id ? `rules[${rule.index}] (${rule.id})` : `rules[${rule.index}]`;
}

/** Parameters whose values stay out of messages and reports (a hash salt works like a key). */
const SECRET_PARAMS: ReadonlySet<string> = new Set(['salt', 'tweak']);

export function decisionLabel(decision: Decision): string {
  if (decision.kind !== 'transform') return decision.kind;
  const { op, ...params } = decision.transform;
  const shown = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(
      ([k, v]) => `${k}=${SECRET_PARAMS.has(k) ? '(set)' : typeof v === 'string' ? v : JSON.stringify(v)}`,
    );
  return [`transform ${op}`, ...shown].join(' ');
}

/** Two decisions are the same when their kind and every operator parameter match. */
export function sameDecision(a: Decision, b: Decision): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== 'transform' || b.kind !== 'transform') return true;
  return canonicalJson(a.transform) === canonicalJson(b.transform);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
