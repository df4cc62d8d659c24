import type { AnalyzeContext, Finding, Recognizer, TextFeatures } from '../types.js';
import type { ContextualFinding } from './id-family.js';

/**
 * A regex recognizer. The regex must be global and free of nested unbounded quantifiers (every
 * repetition bounded), so matching stays linear on adversarial input. `validate` sees the matched
 * value (group `value` when present): `false` drops the match, a number replaces the score.
 */
export interface PatternSpec {
  entity: string;
  name: string;
  /** Global; give it the `d` flag when it has a `value` group, so offsets are exact. */
  regex: RegExp;
  score: number;
  validate?: (value: string, text: string, start: number) => boolean | number;
  /** Removed from the end of the value before validation (e.g. sentence punctuation after a URL). */
  trimEnd?: RegExp;
  /** Reported only when a supporting context word is near (formats that look like ordinary text). */
  contextRequired?: boolean;
  /** A cheap regex (no lookbehind, no unicode) the text must contain before `regex` runs. */
  prefilter?: RegExp;
  /** Skip texts that cannot contain a match (cheap pre-test on precomputed features). */
  needs?: (f: TextFeatures, text: string) => boolean;
}

export class PatternRecognizer implements Recognizer {
  readonly name: string;
  readonly entities: readonly string[];

  private readonly specs: readonly PatternSpec[];

  constructor(specs: readonly PatternSpec[], name?: string) {
    this.name = name ?? specs[0]?.name ?? 'pattern';
    this.entities = [...new Set(specs.map((s) => s.entity))];
    this.specs = specs.map(uniformSpec);
  }

  analyze(text: string, ctx: AnalyzeContext): Finding[] {
    const out: Finding[] = [];
    this.analyzeInto(text, ctx, out);
    return out;
  }

  analyzeInto(text: string, ctx: AnalyzeContext, out: Finding[]): void {
    for (const spec of this.specs) {
      if (spec.needs && !spec.needs(ctx.features, text)) continue;
      if (spec.prefilter && !spec.prefilter.test(text)) continue;
      scanPattern(spec, text, out);
    }
  }
}

/**
 * The spec with every optional field present (undefined when absent): specs of one shape keep
 * the property reads in `scanPattern` monomorphic, which V8 compiles to plain loads.
 */
function uniformSpec(spec: PatternSpec): PatternSpec {
  return {
    entity: spec.entity,
    name: spec.name,
    regex: spec.regex,
    score: spec.score,
    validate: spec.validate,
    trimEnd: spec.trimEnd,
    contextRequired: spec.contextRequired,
    prefilter: spec.prefilter,
    needs: spec.needs,
  };
}

export function scanPattern(spec: PatternSpec, text: string, out: Finding[]): void {
  const re = spec.regex;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    let value = m.groups?.value ?? m[0];
    const start = valueStart(m, value);
    if (spec.trimEnd) value = value.replace(spec.trimEnd, '');
    const verdict = spec.validate ? spec.validate(value, text, start) : true;
    if (verdict === false) continue;
    const score = verdict === true ? spec.score : verdict;
    if (score <= 0) continue;
    const finding: ContextualFinding = {
      entity: spec.entity,
      start,
      end: start + value.length,
      score,
      recognizer: spec.name,
    };
    if (spec.contextRequired) finding.contextRequired = true;
    out.push(finding);
  }
}

/** Where the value starts: group indices when the regex has the `d` flag, else the match start. */
function valueStart(m: RegExpExecArray, value: string): number {
  const span = m.indices?.groups?.value;
  if (span) return span[0];
  return m.groups?.value === undefined ? m.index : m.index + m[0].lastIndexOf(value);
}
