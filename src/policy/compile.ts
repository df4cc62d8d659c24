import {
  defaultCategories,
  defaultSubjects,
  isContentCategory,
  type DataCategory,
} from '../taxonomy/categories.js';
import { Hierarchy, type TaxonomyNode } from '../taxonomy/hierarchy.js';
import { defaultPurposes } from '../taxonomy/purposes.js';
import { durationDays } from './duration.js';
import type { Dataset, Decision, FieldDeclaration, Policy, Region, RetentionLimit, Rule } from './model.js';
import { checkOperatorParams, type TransformationConfig } from './operators.js';
import type { DatasetDocument, PolicyDocument, RuleDocument } from './schema.js';
import type { Problem, YamlPath, YamlSource } from './yaml-source.js';

/**
 * Turns a structurally valid policy document into a Policy, checking every cross-reference
 * (purposes, categories, subjects, regions, fields, operator parameters) against the taxonomy
 * merged over Veil's default. Collects all problems rather than stopping at the first.
 */
export function compilePolicy(
  doc: PolicyDocument,
  src: YamlSource,
  sha256: string,
): { policy: Policy; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (path: YamlPath, message: string, hint?: string): void => {
    problems.push(src.problem(path, message, hint));
  };
  const known = compileTaxonomy(doc, report);
  const regions = compileRegions(doc, report);
  const datasets = new Map<string, Dataset>();
  for (const [name, ds] of Object.entries(doc.datasets)) {
    datasets.set(name, compileDataset(name, ds, { ...known, regions }, src, report));
  }
  const rules = doc.rules.map((rule, index) => compileRule(rule, index, known, src, report));
  const retention = compileRetention(doc, known.categories, src, report);
  return { policy: { file: src.file, sha256, ...known, regions, datasets, rules, retention }, problems };
}

type Report = (path: YamlPath, message: string, hint?: string) => void;

interface Known {
  categories: Hierarchy<DataCategory>;
  subjects: Hierarchy<TaxonomyNode>;
  purposes: Hierarchy<TaxonomyNode>;
}

/** Veil's default hierarchies extended by the policy's own purposes, categories and subjects. */
function compileTaxonomy(doc: PolicyDocument, report: Report): Known {
  const at = (kind: string): YamlPath => ['taxonomy', kind];
  return {
    categories: extend(defaultCategories(), doc.taxonomy?.categories, at('categories'), 'category', report),
    subjects: extend(defaultSubjects(), doc.taxonomy?.subjects, at('subjects'), 'subject', report),
    purposes: extend(defaultPurposes(), doc.taxonomy?.purposes, at('purposes'), 'purpose', report),
  };
}

function extend<N extends TaxonomyNode>(
  base: Hierarchy<N>,
  extra: N[] | undefined,
  at: YamlPath,
  kind: string,
  report: Report,
): Hierarchy<N> {
  const merged = base.extend(extra ?? []);
  const missing = new Set(merged.missingParents());
  (extra ?? []).forEach((node, i) => {
    if (missing.has(node.name)) {
      report(
        [...at, i, 'name'],
        `${kind} "${node.name}" extends an unknown ${kind}`,
        `declare its parent first`,
      );
    }
  });
  return merged;
}

function checkName(
  h: Hierarchy<TaxonomyNode>,
  name: string,
  kind: string,
  path: YamlPath,
  report: Report,
): boolean {
  if (h.has(name)) return true;
  const near = h.suggest(name);
  report(
    path,
    `unknown ${kind} "${name}"`,
    near.length ? `did you mean ${near.join(', ')}?` : `declare it under taxonomy`,
  );
  return false;
}

function compileRegions(doc: PolicyDocument, report: Report): Map<string, Region> {
  const regions = new Map<string, Region>();
  const declared = doc.regions ?? {};
  for (const [name, region] of Object.entries(declared)) {
    (region.may_flow_to ?? []).forEach((to, i) => {
      if (!Object.hasOwn(declared, to)) report(['regions', name, 'may_flow_to', i], `unknown region "${to}"`);
    });
    const mayFlowTo = [...new Set([name, ...(region.may_flow_to ?? [])])];
    regions.set(name, {
      name,
      mayFlowTo,
      ...(region.description ? { description: region.description } : {}),
    });
  }
  return regions;
}

function compileDataset(
  name: string,
  ds: DatasetDocument,
  known: Known & { regions: Map<string, Region> },
  src: YamlSource,
  report: Report,
): Dataset {
  const at = ['datasets', name];
  const fields = new Map<string, FieldDeclaration>();
  for (const [field, decl] of Object.entries(ds.fields)) {
    const category = typeof decl === 'string' ? decl : decl.category;
    const catPath =
      typeof decl === 'string' ? [...at, 'fields', field] : [...at, 'fields', field, 'category'];
    checkName(known.categories, category, 'category', catPath, report);
    const description = typeof decl === 'string' ? undefined : decl.description;
    fields.set(field, { name: field, category, ...(description ? { description } : {}) });
  }
  if (ds.subject) checkName(known.subjects, ds.subject, 'data subject', [...at, 'subject'], report);
  if (ds.subject_field && !fields.has(ds.subject_field)) {
    report(
      [...at, 'subject_field'],
      `subject_field "${ds.subject_field}" is not one of the dataset's fields`,
    );
  }
  if (ds.region && !known.regions.has(ds.region)) {
    report([...at, 'region'], `unknown region "${ds.region}"`, 'declare it under regions');
  }
  const dataset: Dataset = { name, fields, where: `${src.file}:${src.lineOf(at)}` };
  if (ds.description) dataset.description = ds.description;
  if (ds.subject) dataset.subject = ds.subject;
  if (ds.subject_field) dataset.subjectField = ds.subject_field;
  if (ds.region) dataset.region = ds.region;
  if (ds.retention) dataset.retentionDays = durationDays(ds.retention);
  return dataset;
}

function compileRule(rule: RuleDocument, index: number, known: Known, src: YamlSource, report: Report): Rule {
  const at = ['rules', index];
  checkName(known.purposes, rule.purpose, 'purpose', [...at, 'purpose'], report);
  const categoryKnown = checkName(known.categories, rule.category, 'category', [...at, 'category'], report);
  const decision: Decision = rule.transform
    ? { kind: 'transform', transform: rule.transform as TransformationConfig }
    : { kind: rule.action === 'allow' ? 'allow' : 'deny' };
  if (decision.kind === 'transform') {
    for (const p of checkOperatorParams(decision.transform))
      report([...at, 'transform', ...p.path], p.message);
    if (
      categoryKnown &&
      decision.transform.op === 'redact_entities' &&
      !isContentCategory(known.categories, rule.category)
    ) {
      report(
        [...at, 'transform', 'op'],
        `redact_entities applies to free-text content categories only, not "${rule.category}"`,
        'use a user.content.* category or mark the category content: true',
      );
    }
  }
  const compiled: Rule = {
    index,
    purpose: rule.purpose,
    category: rule.category,
    decision,
    where: `${src.file}:${src.lineOf(at)}`,
  };
  if (rule.id) compiled.id = rule.id;
  if (rule.reason) compiled.reason = rule.reason;
  return compiled;
}

function compileRetention(
  doc: PolicyDocument,
  categories: Hierarchy<DataCategory>,
  src: YamlSource,
  report: Report,
): RetentionLimit[] {
  const seen = new Map<string, number>();
  return (doc.retention ?? []).map((r, i) => {
    checkName(categories, r.category, 'category', ['retention', i, 'category'], report);
    const first = seen.get(r.category);
    if (first !== undefined)
      report(
        ['retention', i, 'category'],
        `retention for "${r.category}" is already set at retention[${first}]`,
      );
    seen.set(r.category, i);
    return {
      category: r.category,
      days: durationDays(r.max),
      where: `${src.file}:${src.lineOf(['retention', i])}`,
    };
  });
}
