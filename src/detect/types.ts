/** One detected span: `start`/`end` are JavaScript string indices (UTF-16), end exclusive. */
export interface Finding {
  entity: string;
  start: number;
  end: number;
  score: number;
  recognizer: string;
}

/** Cheap facts about a text, computed once, that let recognizers skip texts they cannot match. */
export interface TextFeatures {
  digit: boolean;
  upper: boolean;
  at: boolean;
  colon: boolean;
  dot: boolean;
}

export interface AnalyzeContext {
  features: TextFeatures;
}

/** Presidio's split: a recognizer proposes findings, the analyzer scores context and resolves. */
export interface Recognizer {
  readonly name: string;
  readonly entities: readonly string[];
  analyze(text: string, ctx: AnalyzeContext): Finding[];
}

// indexOf and early-exit regex tests are far faster than a per-character loop in JS.
export function textFeatures(text: string): TextFeatures {
  return {
    digit: /\d/.test(text),
    upper: /[A-Z]/.test(text),
    at: text.includes('@'),
    colon: text.includes(':'),
    dot: text.includes('.'),
  };
}
