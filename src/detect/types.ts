import type { TextFeatures } from './features.js';

export { textFeatures, type TextFeatures } from './features.js';

/** One detected span: `start`/`end` are JavaScript string indices (UTF-16), end exclusive. */
export interface Finding {
  entity: string;
  start: number;
  end: number;
  score: number;
  recognizer: string;
}

export interface AnalyzeContext {
  features: TextFeatures;
}

/** Presidio's split: a recognizer proposes findings, the analyzer scores context and resolves. */
export interface Recognizer {
  readonly name: string;
  readonly entities: readonly string[];
  analyze(text: string, ctx: AnalyzeContext): Finding[];
  /** Same as `analyze`, appending to `out` (built-in recognizers: no array per text). */
  analyzeInto?(text: string, ctx: AnalyzeContext, out: Finding[]): void;
}
