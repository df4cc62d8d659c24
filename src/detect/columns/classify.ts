import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { ENTITIES, isEntityType } from '../../taxonomy/entities.js';
import type { Analyzer } from '../analyzer.js';
import type { NameModel } from '../name-model.js';
import { DEFAULT_PHONE_REGIONS } from '../recognizers/phone.js';
import { decide, distinctSize, type ColumnStats } from './decide.js';
import { wordLists, type WordLists } from './gazetteer.js';
import { nameSignal, type NameSignal } from './names.js';
import { normalizeValue, valueShape, type NormalizedValue } from './normalize.js';
import { compatible, hasJobWord, isWords, parseDate } from './shapes.js';
import type { ColumnScan } from './types.js';
import type { VerifiedSummary } from './verifiers.js';

export interface ColumnClassifierOptions {
  /** Pattern recognizers for whole values (no name model); a low threshold, the column decides. */
  analyzer: Analyzer;
  /** For PERSON and LOCATION values; omit to detect them from column names only. */
  nameModel?: NameModel;
  /** The full analyzer used inside free-text values (patterns and name model). */
  textAnalyzer?: Analyzer;
  /** "Now" for birth-date plausibility; the caller's clock, so the algorithm stays pure. */
  referenceYear: number;
  /** Most free-text values kept for analysis (each costs a full analysis). */
  maxFreeTexts?: number;
  /** Treat every value as free text from the start (a full scan of a column a sample found to be text). */
  freeText?: boolean;
  /** Value shapes already known (a full scan starts from the sample's examples). */
  examples?: readonly string[];
}

/** What one distinct value says, computed once per distinct value. */
interface Verdict {
  entity: string | null;
  person: boolean;
  location: boolean;
  compat: boolean;
  words: boolean;
  job: boolean;
  date: { year: number; time: boolean } | null;
  tokens: number;
}

const MEMO_LIMIT = 50_000;
const DISTINCT_LIMIT = 200_000;
const GOVERNMENT = 'user.government_id';

/** Direct identifiers that make a free-text column sensitive even when few texts hold them. */
const STRONG_IN_TEXT = new Set(
  Object.values(ENTITIES)
    .filter(
      (e) => !e.quasiIdentifier && !['PERSON', 'ADDRESS', 'USERNAME', 'US_BANK_NUMBER'].includes(e.name),
    )
    .map((e) => e.name),
);

/**
 * Classifies one column from its values (fed one by one with `add`) and its name. Pure: no I/O,
 * the caller chooses which rows to feed (a spread sample, or all of them).
 */
export class ColumnClassifier {
  private readonly signal: NameSignal | null;
  private readonly memo = new Map<string, Verdict>();
  private readonly stats: ColumnStats;
  private readonly texts: { text: string; weight: number }[] = [];
  private readonly maxTexts: number;
  private readonly lists: WordLists | undefined;

  constructor(
    readonly name: string,
    readonly type: string,
    private readonly options: ColumnClassifierOptions,
  ) {
    this.signal = nameSignal(name);
    this.maxTexts = options.maxFreeTexts ?? 5000;
    this.lists = wordLists(options.nameModel);
    this.stats = emptyStats(name, type, this.signal, options.referenceYear);
    this.stats.shapes.push(...(options.examples ?? []).slice(0, 3));
  }

  /** Adds one value, or `weight` occurrences of the same value (a full scan counts distinct values). */
  add(raw: unknown, weight = 1): void {
    const s = this.stats;
    s.examined += weight;
    const value = normalizeValue(raw);
    if (value === null) {
      s.nulls += weight;
      return;
    }
    s.nonNull += weight;
    if (value.mangled) s.mangled += weight;
    this.count(value.text, weight);
    const verdict = this.verdict(value);
    s.lengthSum += value.text.length * weight;
    s.tokenSum += verdict.tokens * weight;
    if (verdict.entity) this.countEntity(verdict.entity, weight);
    if (verdict.person) s.person += weight;
    if (verdict.location) s.location += weight;
    if (verdict.compat) s.compat += weight;
    if (verdict.words) s.words += weight;
    if (verdict.job) s.job += weight;
    if (verdict.date) {
      s.dates += weight;
      if (verdict.date.time) s.dateTimes += weight;
      s.years.set(verdict.date.year, (s.years.get(verdict.date.year) ?? 0) + weight);
    }
    if (s.shapes.length < 3) {
      const shape = valueShape(value.text);
      if (!s.shapes.includes(shape)) s.shapes.push(shape);
    }
    if (this.options.freeText) this.analyzeText(value.text, weight);
    else if (verdict.tokens >= 3 && this.texts.length < this.maxTexts)
      this.texts.push({ text: value.text, weight });
  }

  /**
   * Adds the values a full-mode verifier accepted (src/detect/columns/verifiers.ts), counted
   * elsewhere (in SQL): the same statistics as adding each of them, without seeing them.
   */
  addVerified(v: VerifiedSummary): void {
    if (v.count === 0) return;
    const s = this.stats;
    s.examined += v.count;
    s.nonNull += v.count;
    s.lengthSum += v.lengthSum;
    s.tokenSum += v.tokenSum;
    s.verifiedDistinct += v.distinct;
    this.countEntity(v.entity, v.count);
    if (v.compat && this.signal) s.compat += v.count;
    if (v.years) {
      s.dates += v.count;
      s.dateTimes += v.dateTimes ?? 0;
      for (const [year, n] of v.years) s.years.set(year, (s.years.get(year) ?? 0) + n);
    }
  }

  /** Adds `weight` occurrences of a value a verifier with a checksum accepted in JavaScript. */
  addVerifiedValue(entity: string, text: string, compat: boolean, weight = 1): void {
    const s = this.stats;
    s.examined += weight;
    s.nonNull += weight;
    this.count(text, weight);
    s.lengthSum += text.length * weight;
    s.tokenSum += text.split(' ').length * weight;
    this.countEntity(entity, weight);
    if (compat && this.signal) s.compat += weight;
    if (s.shapes.length < 3) {
      const shape = valueShape(text);
      if (!s.shapes.includes(shape)) s.shapes.push(shape);
    }
  }

  private countEntity(entity: string, weight: number): void {
    const s = this.stats;
    s.entityCounts.set(entity, (s.entityCounts.get(entity) ?? 0) + weight);
    if (isEntityType(entity) && ENTITIES[entity].category === GOVERNMENT) s.government += weight;
  }

  /** The column's classification from everything added so far. */
  result(): ColumnScan {
    const s = this.stats;
    const candidateFreeText = !this.options.freeText && isFreeText(s);
    if (candidateFreeText) for (const t of this.texts) this.analyzeText(t.text, t.weight);
    return decide(s, this.options.freeText === true || candidateFreeText);
  }

  /** Overrides the null and distinct counts with exact ones computed elsewhere (a full scan in SQL). */
  setExactCounts(examined: number, nulls: number, distinct: number): void {
    this.stats.exact = { examined, nulls, distinct };
  }

  private count(text: string, weight: number): void {
    const d = this.stats.distinct;
    const seen = d.get(text);
    if (seen !== undefined) d.set(text, seen + weight);
    else if (d.size < DISTINCT_LIMIT) d.set(text, weight);
    else this.stats.distinctOverflow += weight;
  }

  private analyzeText(text: string, weight: number): void {
    const analyzer = this.options.textAnalyzer ?? this.options.analyzer;
    const ft = this.stats.freeText;
    ft.analyzed += weight;
    // Weak name-model readings (brand and product names) do not make a text personal.
    const findings = analyzer.analyze(text).filter((f) => f.recognizer !== 'name_model' || f.score >= 0.7);
    if (findings.length > 0) ft.withFindings += weight;
    if (findings.some((f) => f.recognizer !== 'name_model' && STRONG_IN_TEXT.has(f.entity)))
      this.stats.strongTexts += weight;
    for (const f of findings) ft.entities[f.entity] = (ft.entities[f.entity] ?? 0) + weight;
  }

  private verdict(value: NormalizedValue): Verdict {
    const hit = this.memo.get(value.text);
    if (hit) return hit;
    const verdict = this.judge(value);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(value.text, verdict);
    return verdict;
  }

  private judge(value: NormalizedValue): Verdict {
    const text = value.text;
    const tokens = text.split(' ').length;
    const words = isWords(text, 5, 70);
    const signal = this.signal;
    let compat = signal ? compatible(signal.entity, signal.quasiIdentifier, text, value) : false;
    if (compat && signal?.entity === 'PHONE_NUMBER' && !value.mangled) compat = validNationalPhone(text);
    let person = false;
    let location = false;
    if (words && this.options.nameModel && text.length >= 2) {
      for (const span of this.options.nameModel.predict(text)) {
        if (span.end - span.start < text.length * 0.7) continue;
        if (span.entity === 'PERSON') person = true;
        if (span.entity === 'LOCATION') location = true;
      }
      if (this.lists && !person && !location) {
        location = this.lists.place(text);
        person = !location && this.lists.person(text);
      }
    }
    return {
      entity: value.mangled || tokens > 8 ? null : this.wholeValueEntity(text),
      person,
      location,
      compat,
      words,
      job: words && hasJobWord(text),
      date: parseDate(text),
      tokens,
    };
  }

  /** The entity a recognizer finds in the whole value (a finding covering nearly all of it). */
  private wholeValueEntity(text: string): string | null {
    let best: { entity: string; score: number } | null = null;
    for (const f of this.options.analyzer.analyze(text)) {
      const covered = f.end - f.start;
      // Addresses are often followed by a city or postal code ("12 rue X, 75002 Paris").
      const whole =
        f.entity === 'ADDRESS' ? f.start <= 2 && covered >= text.length * 0.4 : covered >= text.length * 0.85;
      if (whole && (!best || f.score > best.score)) best = { entity: f.entity, score: f.score };
    }
    return best?.entity ?? null;
  }
}

/** Long multi-word values with few repeats: comments, notes, messages. */
function isFreeText(s: ColumnStats): boolean {
  if (s.nonNull === 0) return false;
  const avgTokens = s.tokenSum / s.nonNull;
  const avgLength = s.lengthSum / s.nonNull;
  const address = (s.entityCounts.get('ADDRESS') ?? 0) / s.nonNull;
  if (s.signal?.entity === 'ADDRESS' || address >= 0.5) return false;
  return avgTokens >= 5 && avgLength >= 30 && distinctSize(s) >= Math.min(s.nonNull, 20) * 0.5;
}

/**
 * Phone numbers written without a country code ("4155552671", "0612345678") in a column named for
 * phones: valid in one of the default regions. Memoised by the caller per distinct value.
 */
function validNationalPhone(text: string): boolean {
  if (text.startsWith('+') || text.startsWith('00')) {
    return parsePhoneNumberFromString(text.startsWith('00') ? `+${text.slice(2)}` : text)?.isValid() ?? false;
  }
  for (const region of DEFAULT_PHONE_REGIONS as readonly CountryCode[]) {
    if (parsePhoneNumberFromString(text, region)?.isValid()) return true;
  }
  return false;
}

function emptyStats(
  name: string,
  type: string,
  signal: NameSignal | null,
  referenceYear: number,
): ColumnStats {
  return {
    name,
    type,
    signal,
    referenceYear,
    examined: 0,
    nulls: 0,
    nonNull: 0,
    mangled: 0,
    distinct: new Map(),
    distinctOverflow: 0,
    verifiedDistinct: 0,
    entityCounts: new Map(),
    government: 0,
    person: 0,
    location: 0,
    compat: 0,
    words: 0,
    job: 0,
    dates: 0,
    dateTimes: 0,
    years: new Map(),
    lengthSum: 0,
    tokenSum: 0,
    shapes: [],
    freeText: { analyzed: 0, withFindings: 0, share: 0, entities: {} },
    strongTexts: 0,
  };
}
