/**
 * Free-text detection: `createAnalyzer(config)` builds an analyzer once; `analyzer.analyze(text)`
 * returns findings `{entity, start, end, score, recognizer}` with JavaScript string offsets.
 * Used by `veil scan text`, the table scanner and the service.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { UsageError } from '../core/errors.js';
import { isEntityType } from '../taxonomy/entities.js';
import { Analyzer } from './analyzer.js';
import type { DetectConfig } from './config.js';
import { NameModelRecognizer, type NameModel } from './name-model.js';
import { patternRecognizers } from './recognizers/index.js';
import { PatternRecognizer, type PatternSpec } from './recognizers/pattern.js';
import type { Finding, Recognizer } from './types.js';
import { VALIDATORS } from './validators/registry.js';

export type { Finding, Recognizer } from './types.js';
export type { NameModel } from './name-model.js';
export { Analyzer } from './analyzer.js';
export { parseDetectConfig, type DetectConfig } from './config.js';
export { redactText } from './redact.js';

export interface AnalyzerConfig extends Partial<DetectConfig> {
  /** The name model for PERSON/LOCATION/ORGANIZATION; omit for patterns only. */
  nameModel?: NameModel;
}

export function createAnalyzer(config: AnalyzerConfig = {}): Analyzer {
  const custom = (config.recognizers ?? []).map(customRecognizer);
  const known = new Set(custom.flatMap((r) => r.entities));
  const entities = config.entities?.map((e) => checkEntity(e, known));
  const recognizers: Recognizer[] = [
    ...patternRecognizers(config.phone_regions as CountryCode[] | undefined),
    ...custom,
  ];
  if (config.nameModel) recognizers.push(new NameModelRecognizer(config.nameModel));
  const contextWords = new Map<string, string[]>(Object.entries(config.context_words ?? {}));
  for (const r of config.recognizers ?? [])
    contextWords.set(r.entity, [...(contextWords.get(r.entity) ?? []), ...r.context]);
  return new Analyzer({
    recognizers,
    entities: entities ? new Set(entities) : undefined,
    threshold: config.threshold,
    allowList: config.allow_list,
    context: config.context_window,
    contextWords,
  });
}

const defaultAnalyzers = new WeakMap<NameModel | object, Analyzer>();
const NO_MODEL = {};

/** One-off analysis with the default recognizers (cached analyzer per name model). */
export function analyzeText(text: string, options: { nameModel?: NameModel } = {}): Finding[] {
  const key = options.nameModel ?? NO_MODEL;
  let analyzer = defaultAnalyzers.get(key);
  if (!analyzer) {
    analyzer = createAnalyzer({ nameModel: options.nameModel });
    defaultAnalyzers.set(key, analyzer);
  }
  return analyzer.analyze(text);
}

function checkEntity(name: string, custom: ReadonlySet<string>): string {
  if (isEntityType(name) || custom.has(name)) return name;
  throw new UsageError(`unknown entity type ${JSON.stringify(name.slice(0, 40))}`, {
    where: 'entities',
    hint: 'see docs/detect.md for the entity types, or define a custom recognizer for it',
  });
}

function customRecognizer(r: NonNullable<DetectConfig['recognizers']>[number]): Recognizer {
  const validator = r.validator ? VALIDATORS[r.validator] : undefined;
  const spec: PatternSpec = {
    entity: r.entity,
    name: r.name,
    regex: new RegExp(r.regex, `${r.flags.replace(/[gd]/g, '')}dg`),
    score: r.score,
    validate: validator ? (value) => validator(value) : undefined,
    contextRequired: r.context_required,
  };
  return new PatternRecognizer([spec], r.name);
}
