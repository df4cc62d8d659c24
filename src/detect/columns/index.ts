/**
 * Column classification for tables: what personal data each column holds, from its values
 * (recognizers, validators, the name model, value shapes) and its name (several languages and
 * naming styles). Pure: the engine feeds the values (src/engine/scan-job.ts).
 */
import type { Analyzer } from '../analyzer.js';
import { createAnalyzer } from '../index.js';
import type { NameModel } from '../name-model.js';
import { ColumnClassifier } from './classify.js';

export { ColumnClassifier, type ColumnClassifierOptions } from './classify.js';
export { nameSignal, nameTokens, type NameSignal } from './names.js';
export { normalizeValue, valueShape } from './normalize.js';
export {
  VERIFIERS,
  verifierRegExp,
  verifies,
  verifiersFor,
  type Verifier,
  type VerifiedSummary,
} from './verifiers.js';
export type { Candidate, ColumnScan, Evidence, FreeTextInfo, QuasiIdentifierKind, Risk } from './types.js';

export interface ColumnAnalyzers {
  /** Whole-value recognizers: patterns only, low threshold (the column decides, not one value). */
  values: Analyzer;
  /** Free text inside a value: every recognizer, the name model when given, the usual threshold. */
  text: Analyzer;
}

export function columnAnalyzers(nameModel?: NameModel, entities?: readonly string[]): ColumnAnalyzers {
  return {
    values: createAnalyzer({ threshold: 0.25, ...(entities ? { entities: [...entities] } : {}) }),
    text: createAnalyzer({ nameModel }),
  };
}

/** Classifies in-memory columns (name -> values): the pure entry point, e.g. for tests or a catalog. */
export function classifyColumns(
  columns: Record<string, readonly unknown[]>,
  options: { nameModel?: NameModel; referenceYear?: number } = {},
) {
  const analyzers = columnAnalyzers(options.nameModel);
  return Object.entries(columns).map(([name, values]) => {
    const c = new ColumnClassifier(name, 'VARCHAR', {
      analyzer: analyzers.values,
      textAnalyzer: analyzers.text,
      nameModel: options.nameModel,
      referenceYear: options.referenceYear ?? new Date().getUTCFullYear(),
    });
    for (const v of values) c.add(v);
    return c.result();
  });
}
