import { ContextScorer, DEFAULT_CONTEXT, type ContextOptions, type ContextWindow } from './context.js';
import type { ContextualFinding } from './recognizers/id-family.js';
import { resolveOverlaps } from './resolve.js';
import { textFeatures, type AnalyzeContext, type Finding, type Recognizer } from './types.js';

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
    for (const recognizer of this.recognizers) collect(recognizer, text, ctx, raw);
    return this.finish(text, raw);
  }

  /**
   * `analyze` of each text, faster on many short texts: each recognizer runs over a block of
   * texts before the next one starts, so its compiled regexes and tables stay in the CPU's
   * caches (one text through ~45 regexes in turn evicts them). Same findings, same order.
   */
  analyzeMany(texts: readonly string[]): Finding[][] {
    const results: Finding[][] = [];
    for (let from = 0; from < texts.length;) {
      let to = from;
      let chars = 0;
      while (to < texts.length && to - from < BLOCK_TEXTS && chars < BLOCK_CHARS)
        chars += texts[to++]!.length;
      const contexts = texts.slice(from, to).map((text) => ({ features: textFeatures(text) }));
      const raws = contexts.map((): Finding[] => []);
      for (const recognizer of this.recognizers) {
        for (let i = from; i < to; i++) {
          if (texts[i]!.length > 0) collect(recognizer, texts[i]!, contexts[i - from]!, raws[i - from]!);
        }
      }
      for (let i = from; i < to; i++) results.push(this.finish(texts[i]!, raws[i - from]!));
      from = to;
    }
    return results;
  }

  /** Context, allow list, entity selection, threshold and overlaps over a text's raw findings. */
  private finish(text: string, raw: readonly Finding[]): Finding[] {
    if (raw.length === 0) return [];
    // Findings under the threshold are dropped before resolving overlaps: resolution ranks by
    // score first, so one of them never outranks a finding at or above the threshold.
    const scored: Finding[] = [];
    const windows = new Windows();
    for (const f of raw) {
      if (this.entities && !this.entities.has(f.entity)) continue;
      const score = this.score(text, f as ContextualFinding, windows);
      if (score >= this.threshold) scored.push(plain(f, score));
    }
    return scored.length < 2 ? scored : resolveOverlaps(scored);
  }

  /** The score after context; NaN (under any threshold) when the finding is dropped. */
  private score(text: string, f: ContextualFinding, windows: Windows): number {
    if (this.allow.size > 0 && this.allow.has(text.slice(f.start, f.end).trim().toLowerCase())) return NaN;
    if (f.recognizer === 'name_model') return f.score;
    let window = windows.get(f.start, f.end);
    if (!window) {
      window = this.context.window(text, f.start, f.end);
      windows.set(f.start, f.end, window);
    }
    const { score, supported } = this.context.rescore(f.entity, f.score, window);
    return f.contextRequired && !supported ? NaN : score;
  }
}

/**
 * Context windows of one text by span: several recognizers often report the same span (a 9-digit
 * run is an SSN, a passport, ...). A short list searched linearly (most texts have a few spans),
 * a map once there are many.
 */
class Windows {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly windows: ContextWindow[] = [];
  private map: Map<string, ContextWindow> | undefined;

  get(start: number, end: number): ContextWindow | undefined {
    if (this.map) return this.map.get(`${start}:${end}`);
    for (let i = 0; i < this.starts.length; i++)
      if (this.starts[i] === start && this.ends[i] === end) return this.windows[i];
    return undefined;
  }

  set(start: number, end: number, window: ContextWindow): void {
    if (!this.map && this.starts.length < 16) {
      this.starts.push(start);
      this.ends.push(end);
      this.windows.push(window);
      return;
    }
    if (!this.map) {
      this.map = new Map();
      for (let i = 0; i < this.starts.length; i++)
        this.map.set(`${this.starts[i]}:${this.ends[i]}`, this.windows[i]!);
    }
    this.map.set(`${start}:${end}`, window);
  }
}

/**
 * Texts and characters per block of `analyzeMany`: blocks from 64 up to about 1,000 short texts
 * measured faster the larger they were; a block's features and raw findings are held until it
 * is finished, so it is also bounded in characters.
 */
const BLOCK_TEXTS = 1024;
const BLOCK_CHARS = 256 * 1024;

function collect(recognizer: Recognizer, text: string, ctx: AnalyzeContext, raw: Finding[]): void {
  if (recognizer.analyzeInto) recognizer.analyzeInto(text, ctx, raw);
  else for (const f of recognizer.analyze(text, ctx)) raw.push(f);
}

function plain(f: Finding, score: number): Finding {
  return { entity: f.entity, start: f.start, end: f.end, score, recognizer: f.recognizer };
}
