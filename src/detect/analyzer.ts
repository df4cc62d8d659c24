import { ContextScorer, DEFAULT_CONTEXT, type ContextOptions } from './context.js';
import type { ContextualFinding } from './recognizers/id-family.js';
import { resolveOverlaps } from './resolve.js';
import { textFeatures, type Finding, type Recognizer } from './types.js';

export interface AnalyzerOptions {
  recognizers: readonly Recognizer[];
  /** Only these entity types are reported (all when undefined). */
  entities?: ReadonlySet<string>;
  /** Findings scored below this are dropped (after context). */
  threshold?: number;
  /** Exact values never reported (compared after trimming, case-insensitive). */
  allowList?: readonly string[];
  context?: Partial<ContextOptions>;
  /** Extra context words per entity (from custom configuration). */
  contextWords?: ReadonlyMap<string, readonly string[]>;
}

/** Runs recognizers over a text, applies context, allow list, entity selection and threshold. */
export class Analyzer {
  private readonly recognizers: readonly Recognizer[];
  private readonly context: ContextScorer;
  private readonly allow: ReadonlySet<string>;
  readonly threshold: number;
  readonly entities: ReadonlySet<string> | undefined;

  constructor(options: AnalyzerOptions) {
    this.entities = options.entities;
    this.recognizers = options.recognizers.filter(
      (r) => !options.entities || r.entities.some((e) => options.entities!.has(e)),
    );
    this.threshold = options.threshold ?? 0.4;
    this.allow = new Set((options.allowList ?? []).map((v) => v.trim().toLowerCase()));
    this.context = new ContextScorer({ ...DEFAULT_CONTEXT, ...options.context }, options.contextWords);
  }

  analyze(text: string): Finding[] {
    if (text.length === 0) return [];
    const ctx = { features: textFeatures(text) };
    const raw: Finding[] = [];
    for (const recognizer of this.recognizers) {
      if (recognizer.analyzeInto) recognizer.analyzeInto(text, ctx, raw);
      else for (const f of recognizer.analyze(text, ctx)) raw.push(f);
    }
    if (raw.length === 0) return [];
    const scored: Finding[] = [];
    // Several recognizers often report the same span (a 9-digit run is an SSN, a passport, ...).
    const windows = new Map<number | string, string[]>();
    for (const f of raw) {
      if (this.entities && !this.entities.has(f.entity)) continue;
      const kept = this.score(text, f as ContextualFinding, windows);
      if (kept) scored.push(kept);
    }
    const resolved = resolveOverlaps(scored);
    const out: Finding[] = [];
    for (const f of resolved) if (f.score >= this.threshold) out.push(f);
    return out;
  }

  private score(
    text: string,
    f: ContextualFinding,
    windows: Map<number | string, string[]>,
  ): Finding | undefined {
    if (this.allow.size > 0 && this.allow.has(text.slice(f.start, f.end).trim().toLowerCase()))
      return undefined;
    if (f.recognizer === 'name_model') return plain(f, f.score);
    // A number identifies the span when offsets fit 26 bits (start * 2^26 + end < 2^53).
    const key = text.length < 0x4000000 ? f.start * 0x4000000 + f.end : `${f.start}:${f.end}`;
    let words = windows.get(key);
    if (!words) {
      words = this.context.window(text, f.start, f.end);
      windows.set(key, words);
    }
    const { score, supported } = this.context.rescore(f.entity, f.score, words);
    if (f.contextRequired && !supported) return undefined;
    return plain(f, score);
  }
}

function plain(f: Finding, score: number): Finding {
  return { entity: f.entity, start: f.start, end: f.end, score, recognizer: f.recognizer };
}
