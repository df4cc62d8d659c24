import type { AnalyzeContext, Finding, Recognizer, TextFeatures } from '../types.js';

/**
 * One structured identifier format, checked on a candidate token found by its family's single
 * scan. `shape` is anchored and tested on the raw candidate (separators included).
 */
export interface IdSpec {
  entity: string;
  name: string;
  shape: RegExp;
  /** Structure beyond the shape (dates, region codes); failing it always drops the match. */
  structure?: (raw: string) => boolean;
  validate?: (raw: string) => boolean;
  /** Score when shape and checksum hold. */
  score: number;
  /** Score when the shape holds but the checksum fails; omitted means the match is dropped. */
  failScore?: number;
  /** Only reported when a supporting context word is near (weak formats, no checksum). */
  contextRequired?: boolean;
  /** How many digits the identifier has (numeric families): candidates of other lengths skip it. */
  digits?: readonly number[];
}

interface SpecEntry {
  spec: IdSpec;
  /** `separatorBits` of the separators the shape can match (all bits when unsure). */
  separators: number;
}

/** The separators in a candidate: ' ' 1, '.' 2, '-' 4, '/' 8 (other characters do not count). */
function separatorBits(raw: string): number {
  let bits = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32) bits |= 1;
    else if (c === 46) bits |= 2;
    else if (c === 45) bits |= 4;
    else if (c === 47) bits |= 8;
  }
  return bits;
}

/**
 * The separators a shape regex can match at all, read from its source: a literal space, '\\.',
 * '-' or '/' (a '-' of a class range only widens the set). A source with a construct that could
 * match them otherwise (\\D, \\W, \\s, \\S, \\x, \\u, \\p, \\c, [^...], an unescaped '.') gets all.
 */
export function shapeSeparators(shape: RegExp): number {
  const src = shape.source;
  if (/\\[DWsSxuUpPck]|\[\^|(?<!\\)\./.test(src)) return 15;
  return (
    (src.includes(' ') ? 1 : 0) |
    (src.includes('\\.') ? 2 : 0) |
    (src.includes('-') ? 4 : 0) |
    (src.includes('/') ? 8 : 0)
  );
}

/** The spec with every optional field present, so `check` reads specs of one shape (monomorphic). */
function uniformSpec(spec: IdSpec): IdSpec {
  return {
    entity: spec.entity,
    name: spec.name,
    shape: spec.shape,
    structure: spec.structure,
    validate: spec.validate,
    score: spec.score,
    failScore: spec.failScore,
    contextRequired: spec.contextRequired,
    digits: spec.digits,
  };
}

/** Digit group bounds of the candidate being split (candidates have at most 23 digits). */
const GROUP_START = new Int32Array(32);
const GROUP_END = new Int32Array(32);

/** A finding that the analyzer keeps only if context supports it. */
export interface ContextualFinding extends Finding {
  contextRequired?: boolean;
}

/**
 * Runs one cheap candidate regex over the text (instead of one regex per format) and checks each
 * candidate against the family's formats. Numeric candidates are also split at separators, so
 * "card 4111 1111 1111 1111 12" still yields the card.
 */
export class IdFamilyRecognizer implements Recognizer {
  readonly entities: readonly string[];
  /** Numeric families: the specs to try for a given digit count. */
  private readonly byDigits = new Map<number, SpecEntry[]>();
  private readonly all: readonly SpecEntry[];

  constructor(
    readonly name: string,
    private readonly candidate: RegExp,
    private readonly specs: readonly IdSpec[],
    private readonly needs: (f: TextFeatures) => boolean,
    /** Splits a candidate into sub-candidates (numeric runs with separators). */
    private readonly splitGroups = false,
  ) {
    this.entities = [...new Set(specs.map((s) => s.entity))];
    this.all = specs.map((spec) => ({ spec: uniformSpec(spec), separators: shapeSeparators(spec.shape) }));
    for (const entry of this.all) {
      for (const n of entry.spec.digits ?? []) this.byDigits.set(n, [...(this.byDigits.get(n) ?? []), entry]);
    }
  }

  analyze(text: string, ctx: AnalyzeContext): Finding[] {
    const out: Finding[] = [];
    this.analyzeInto(text, ctx, out);
    return out;
  }

  analyzeInto(text: string, ctx: AnalyzeContext, out: ContextualFinding[]): void {
    if (!this.needs(ctx.features)) return;
    const re = this.candidate;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (this.splitGroups) this.checkGroups(m[0], m.index, out);
      else this.check(m[0], m.index, out);
    }
  }

  private check(raw: string, start: number, out: ContextualFinding[], digitCount?: number): boolean {
    let found = false;
    const entries = digitCount === undefined ? this.all : (this.byDigits.get(digitCount) ?? []);
    const separators = separatorBits(raw);
    for (const { spec, separators: allowed } of entries) {
      // A separator the shape cannot match anywhere: the shape fails.
      if ((separators & ~allowed) !== 0) continue;
      if (!spec.shape.test(raw) || (spec.structure && !spec.structure(raw))) continue;
      const valid = spec.validate ? spec.validate(raw) : true;
      const score = valid ? spec.score : spec.failScore;
      if (score === undefined) continue;
      const finding: ContextualFinding = {
        entity: spec.entity,
        start,
        end: start + raw.length,
        score,
        recognizer: spec.name,
      };
      if (spec.contextRequired) finding.contextRequired = true;
      out.push(finding);
      found = true;
    }
    return found;
  }

  /** Tries the whole run, then every contiguous range of separator-delimited groups. */
  private checkGroups(raw: string, start: number, out: ContextualFinding[]): void {
    // The digit groups (maximal runs of ASCII digits) of the candidate.
    let n = 0;
    let total = 0;
    for (let i = 0; i < raw.length;) {
      const c = raw.charCodeAt(i);
      if (c < 48 || c > 57) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < raw.length && raw.charCodeAt(j) >= 48 && raw.charCodeAt(j) <= 57) j++;
      if (n < GROUP_START.length) {
        GROUP_START[n] = i;
        GROUP_END[n] = j;
      }
      n++;
      total += j - i;
      i = j;
    }
    if (this.byDigits.has(total) && this.check(raw, start, out, total)) return;
    if (n < 2 || n > 12) return;
    // Copies: check() may not touch them, but keep the loop independent of the shared buffers.
    const starts = GROUP_START.slice(0, n);
    const ends = GROUP_END.slice(0, n);
    for (let i = 0; i < n; i++) {
      let count = 0;
      for (let j = i; j < n; j++) {
        count += ends[j]! - starts[j]!;
        if ((i === 0 && j === n - 1) || !this.byDigits.has(count)) continue;
        const s = starts[i]!;
        const e = ends[j]!;
        this.check(raw.slice(s, e), start + s, out, count);
      }
    }
  }
}
