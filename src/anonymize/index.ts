/**
 * The anonymization room: pure algorithms over in-memory columns. `veil demo` and other callers
 * use `analyzeRisk` (risk of a table) and `anonymize` (optimal global recoding); dataset-level
 * jobs live in `src/engine/anonymize-job.ts`.
 */
export { anonymizeGlobal as anonymize, anonymizeGlobal } from './anonymize.js';
export type { GlobalRecodingOptions, GlobalRecodingResult, SearchMode } from './anonymize.js';
export { analyzeRisk, analyzeClasses, classesOf, mostAtRisk } from './risk.js';
export type { RiskReport, RiskOptions, AtRiskRecord, ClassSummary } from './risk.js';
export {
  dateHierarchy,
  generalize,
  intervalHierarchy,
  maskHierarchy,
  parseHierarchyCsv,
  tableHierarchy,
} from './hierarchy.js';
export type { Hierarchy, DateLevel } from './hierarchy.js';
export { mondrian } from './mondrian.js';
export type { MondrianColumn, MondrianResult } from './mondrian.js';
export type { PrivacyModel } from './models.js';
export type { MetricName } from './metrics.js';
export type { QuasiIdentifierInput, SensitiveInput } from './encode.js';
export { parseAnonymizationConfig } from './config.js';
export { renderRiskHtml } from './report-html.js';
export { SUPPRESSED } from './recode.js';
