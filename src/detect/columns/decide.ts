import { ENTITIES, isEntityType } from '../../taxonomy/entities.js';
import type { NameSignal } from './names.js';
import { looksLikeGender, specificShape } from './shapes.js';
import type { Candidate, ColumnScan, Evidence, FreeTextInfo, QuasiIdentifierKind, Risk } from './types.js';

/** Counts gathered over a column's examined values (see ColumnClassifier). */
export interface ColumnStats {
  name: string;
  type: string;
  signal: NameSignal | null;
  referenceYear: number;
  examined: number;
  nulls: number;
  nonNull: number;
  mangled: number;
  distinct: Map<string, number>;
  distinctOverflow: number;
  /** Distinct values counted by full-mode verifiers, not in `distinct` (never gender words or codes). */
  verifiedDistinct: number;
  entityCounts: Map<string, number>;
  /** Values matching any national identifier format. */
  government: number;
  person: number;
  location: number;
  compat: number;
  words: number;
  job: number;
  dates: number;
  dateTimes: number;
  /** Values per year among the dates. */
  years: Map<number, number>;
  lengthSum: number;
  tokenSum: number;
  shapes: string[];
  freeText: FreeTextInfo;
  /** Free texts with an identifier found by a pattern recognizer (not the name model). */
  strongTexts: number;
  exact?: { examined: number; nulls: number; distinct: number };
}

/** Confidence of a value-level match when (nearly) every value matches. */
function strength(entity: string): number {
  if (entity === 'PERSON' || entity === 'ADDRESS') return 0.85;
  if (entity === 'LOCATION' || entity === 'NRP' || entity === 'USERNAME' || entity === 'DATE_TIME')
    return 0.75;
  if (entity === 'PHONE_NUMBER' || entity === 'IP_ADDRESS' || entity === 'MAC_ADDRESS') return 0.9;
  if (entity === 'DOMAIN_NAME' || entity === 'URL' || entity === 'TITLE') return 0.6;
  const def = isEntityType(entity) ? ENTITIES[entity] : undefined;
  if (def?.checksum) return 0.95;
  return def?.category === 'user.government_id' ? 0.85 : 0.9;
}

/** Share of values that must match before values alone name the column's type. */
function minShare(entity: string): number {
  if (entity === 'USERNAME' || entity === 'NRP') return 0.6;
  // Street formats of many countries are not recognised; an address column is rarely anything else.
  if (entity === 'ADDRESS' || entity === 'LOCATION') return 0.35;
  return 0.5;
}

/** Types values never decide alone: too common in non-personal data (links, dates of events). */
const NEEDS_NAME = new Set(['URL', 'DOMAIN_NAME', 'DATE_TIME', 'TITLE', 'ORGANIZATION', 'MEDICAL_LICENSE']);

const round = (x: number) => Math.round(x * 100) / 100;
const NID = 'user.government_id';

/** Keyword of a country-specific name ("dni") to the entity it means. */
const NID_KEYWORDS: Record<string, string> = {
  dni: 'ES_NIF',
  nif: 'ES_NIF',
  nie: 'ES_NIE',
  cpf: 'BR_CPF',
  cnpj: 'BR_CNPJ',
  curp: 'MX_CURP',
  nino: 'UK_NINO',
  nhs: 'UK_NHS',
  nhsnumber: 'UK_NHS',
  aadhaar: 'IN_AADHAAR',
  aadhar: 'IN_AADHAAR',
  pesel: 'PL_PESEL',
  bsn: 'NL_BSN',
  burgerservicenummer: 'NL_BSN',
  tckn: 'TR_TCKN',
  tckimlik: 'TR_TCKN',
  personnummer: 'SE_PERSONNUMMER',
  sin: 'CA_SIN',
  tfn: 'AU_TFN',
  medicare: 'AU_MEDICARE',
  nric: 'SG_NRIC_FIN',
  rrn: 'KR_RRN',
  mynumber: 'JP_MY_NUMBER',
  codicefiscale: 'IT_FISCAL_CODE',
  steuerid: 'DE_TAX_ID',
  steueridentifikationsnummer: 'DE_TAX_ID',
  nir: 'FR_NIR',
  insee: 'FR_NIR',
  numerosecu: 'FR_NIR',
  securitesociale: 'FR_NIR',
  nik: 'ID_NIK',
  ktp: 'ID_NIK',
  hetu: 'FI_PERSONAL_IDENTITY_CODE',
  henkilotunnus: 'FI_PERSONAL_IDENTITY_CODE',
};

interface Choice {
  entity: string | null;
  score: number;
  share: number;
  evidence: Evidence;
  qi: QuasiIdentifierKind | null;
}

/** Combines value and name evidence into the column's classification. */
export function decide(s: ColumnStats, freeText: boolean): ColumnScan {
  const notes: string[] = [];
  const n = s.nonNull;
  const candidates = valueCandidates(s);
  const birth = birthDateEvidence(s);
  let choice: Choice | null = null;
  if (freeText) {
    choice = null;
  } else if (n === 0) {
    choice = nameOnly(s, notes);
  } else {
    choice = combine(s, candidates, birth, notes);
  }
  if (s.mangled > 0)
    notes.push(
      `${s.mangled} value(s) were mangled by a spreadsheet (scientific notation): digits lost, not validated`,
    );
  if (n > 0 && distinctSize(s) === 1 && s.nonNull >= 10) notes.push('a single distinct value');
  const ft = freeText ? finishFreeText(s.freeText) : null;
  if (ft) notes.push(`free text: ${ft.withFindings} of ${ft.analyzed} analysed values contain personal data`);
  const entity = choice?.entity ?? null;
  const list = mergeCandidates(candidates, choice);
  const qi = choice?.qi ?? null;
  return {
    name: s.name,
    type: s.type,
    entity,
    score: choice ? round(choice.score) : 0,
    share: choice ? round(choice.share) : 0,
    evidence: choice?.evidence ?? 'none',
    candidates: list,
    nullShare: round(nullShare(s)),
    distinctRatio: round(distinctRatio(s)),
    quasiIdentifier: qi,
    freeText: ft,
    risk: risk(entity, choice?.score ?? 0, qi, ft, s.strongTexts),
    examined: s.exact?.examined ?? s.examined,
    notes,
    examples: s.shapes,
  };
}

function nullShare(s: ColumnStats): number {
  if (s.exact) return s.exact.examined === 0 ? 0 : s.exact.nulls / s.exact.examined;
  return s.examined === 0 ? 0 : s.nulls / s.examined;
}

function distinctRatio(s: ColumnStats): number {
  if (s.exact) {
    const nonNull = s.exact.examined - s.exact.nulls;
    return nonNull === 0 ? 0 : Math.min(1, s.exact.distinct / nonNull);
  }
  return s.nonNull === 0 ? 0 : Math.min(1, (distinctSize(s) + s.distinctOverflow) / s.nonNull);
}

/** Distinct values seen: those kept as keys and those counted by full-mode verifiers. */
export function distinctSize(s: ColumnStats): number {
  return s.distinct.size + s.verifiedDistinct;
}

/** Entities recognised in whole values, with national identifiers of all countries grouped. */
function valueCandidates(s: ColumnStats): Candidate[] {
  const n = s.nonNull;
  if (n === 0) return [];
  const out: Candidate[] = [];
  for (const [entity, count] of s.entityCounts) {
    const share = count / n;
    out.push({ entity, share: round(share), score: round(valueScore(entity, share)), evidence: 'values' });
  }
  if (s.person > 0) out.push(modelCandidate('PERSON', s.person / n));
  if (s.location > 0) out.push(modelCandidate('LOCATION', s.location / n));
  // Ties by name: the order values arrive in (rows, or distinct values in a full scan) must not matter.
  return out.sort((a, b) => b.score - a.score || b.share - a.share || a.entity.localeCompare(b.entity));
}

function modelCandidate(entity: string, share: number): Candidate {
  return { entity, share: round(share), score: round(valueScore(entity, share)), evidence: 'values' };
}

function valueScore(entity: string, share: number): number {
  return strength(entity) * Math.min(1, 0.5 + 0.55 * share);
}

/** The best type the values establish on their own, if any. */
function valueChoice(s: ColumnStats, candidates: Candidate[], birth: number): Choice | null {
  const n = s.nonNull;
  const nid = s.government / n;
  for (const c of candidates) {
    if (NEEDS_NAME.has(c.entity)) continue;
    if (c.entity === 'PERSON' && !personLike(s)) continue;
    if (c.entity === 'LOCATION' && (s.location <= s.person || s.words < n * 0.9)) continue;
    const isNid = isEntityType(c.entity) && ENTITIES[c.entity].category === NID;
    const share = isNid ? nid : c.share;
    if (share < (isNid ? 0.6 : minShare(c.entity))) continue;
    return {
      entity: c.entity,
      score: valueScore(c.entity, share),
      share,
      evidence: 'values',
      qi: defaultQi(c.entity),
    };
  }
  if (birth > 0)
    return {
      entity: 'DATE_TIME',
      score: 0.55 + 0.2 * birth,
      share: s.dates / n,
      evidence: 'values',
      qi: 'birth_date',
    };
  if (looksLikeGender(s.distinct, n, s.verifiedDistinct))
    return { entity: null, score: 0.8, share: 1, evidence: 'values', qi: 'gender' };
  if (s.job / n >= 0.5)
    return {
      entity: null,
      score: 0.6 + 0.3 * (s.job / n),
      share: s.job / n,
      evidence: 'values',
      qi: 'job_title',
    };
  return null;
}

/** Names vary: few repeats, mostly word values the name model reads as people. */
function personLike(s: ColumnStats): boolean {
  const n = s.nonNull;
  return s.person / n >= 0.5 && s.words / n >= 0.8 && distinctSize(s) >= Math.min(n, 50) * 0.3;
}

function combine(s: ColumnStats, candidates: Candidate[], birth: number, notes: string[]): Choice | null {
  const byValues = valueChoice(s, candidates, birth);
  const signal = s.signal;
  if (!signal) return byValues;
  const n = s.nonNull;
  const named = namedEntity(signal, s);
  const compat = s.compat / n;
  if (byValues && agrees(byValues, named, signal)) {
    return {
      ...byValues,
      entity: byValues.entity ?? named,
      score: 1 - (1 - byValues.score) * 0.5,
      evidence: 'both',
      qi: byValues.qi ?? signal.quasiIdentifier,
    };
  }
  if (byValues && byValues.share >= 0.6) {
    notes.push(
      `the name suggests ${label(named, signal)} but the values say ${label(byValues.entity, byValues)}`,
    );
    return byValues;
  }
  const support = nameSupport(s, named, signal);
  if (compat >= 0.6 && support.ok) {
    const specific = specificShape(named, signal.quasiIdentifier) && compat >= 0.8;
    const agreeing = named ? candidates.find((c) => c.entity === named && c.share >= 0.3) : undefined;
    const evidence: Evidence = specific || agreeing ? 'both' : 'name';
    const score = Math.min(0.9, signal.strength * (0.4 + 0.6 * compat) + (evidence === 'both' ? 0.1 : 0));
    return { entity: named, score, share: compat, evidence, qi: signal.quasiIdentifier ?? defaultQi(named) };
  }
  if (byValues) return byValues;
  notes.push(
    `the name suggests ${label(named, signal)} but only ${Math.round(compat * 100)}% of the values fit${support.why ? ` (${support.why})` : ''}`,
  );
  return null;
}

/** Extra checks for name-driven types whose shape check is loose (any words fit a city). */
function nameSupport(
  s: ColumnStats,
  named: string | null,
  signal: NameSignal,
): { ok: boolean; why?: string } {
  const n = s.nonNull;
  const qi = signal.quasiIdentifier;
  if (qi === 'country' || qi === 'region' || qi === 'city') {
    const codes = s.verifiedDistinct === 0 && [...s.distinct.keys()].every((k) => /^[A-Z]{2,3}$/.test(k));
    const places = (s.location + s.person) / n;
    if (!codes && places < 0.2 && distinctSize(s) > 0)
      return { ok: false, why: 'the values do not read as places' };
  }
  if (named === 'PERSON' && s.words / n >= 0.6 && distinctSize(s) < Math.min(n, 30) * 0.2)
    return { ok: false, why: 'too few distinct values for names' };
  if (qi === 'birth_date' && s.dateTimes > s.dates * 0.2)
    return { ok: false, why: 'the values carry times of day' };
  if (named === 'AGE' && distinctSize(s) < 3 && n >= 20) return { ok: false, why: 'too few distinct ages' };
  return { ok: true };
}

function agrees(byValues: Choice, named: string | null, signal: NameSignal): boolean {
  if (byValues.entity === null) return byValues.qi === signal.quasiIdentifier;
  if (byValues.entity === named) return true;
  const def = isEntityType(byValues.entity) ? ENTITIES[byValues.entity] : undefined;
  return signal.entity === 'NATIONAL_ID' && def?.category === NID;
}

/** The entity a name means; generic national-id names resolve through the values or the keyword. */
function namedEntity(signal: NameSignal, s: ColumnStats): string | null {
  if (signal.entity !== 'NATIONAL_ID') return signal.entity;
  const specific = NID_KEYWORDS[signal.keyword];
  if (specific) return specific;
  let best: string | null = null;
  let count = 0;
  for (const [entity, c] of s.entityCounts) {
    if (isEntityType(entity) && ENTITIES[entity].category === NID && c > count) {
      best = entity;
      count = c;
    }
  }
  return best;
}

function nameOnly(s: ColumnStats, notes: string[]): Choice | null {
  if (!s.signal) return null;
  const entity = namedEntity(s.signal, s);
  notes.push('no values to examine: the type comes from the column name alone');
  if (!entity && !s.signal.quasiIdentifier) return null;
  return { entity, score: 0.3, share: 0, evidence: 'name', qi: s.signal.quasiIdentifier };
}

/** 0 when the dates do not look like birth dates; else how clearly they do (0..1). */
function birthDateEvidence(s: ColumnStats): number {
  const n = s.nonNull;
  if (n < 5 || s.dates / n < 0.8 || s.dateTimes > s.dates * 0.1) return 0;
  const years = [...s.years].sort((a, b) => a[0] - b[0]);
  const total = years.reduce((sum, [, c]) => sum + c, 0);
  if (total === 0) return 0;
  /** The year at a rank of the sorted list of all dates' years. */
  const at = (rank: number): number => {
    let seen = 0;
    for (const [year, c] of years) {
      seen += c;
      if (rank < seen) return year;
    }
    return years[years.length - 1]![0];
  };
  const lo = at(Math.floor(total * 0.05));
  const hi = at(Math.floor(total * 0.95));
  const median = at(Math.floor(total / 2));
  const age = s.referenceYear - median;
  const future = years.filter(([y]) => y > s.referenceYear).reduce((sum, [, c]) => sum + c, 0) / total;
  if (hi - lo < 15 || age < 16 || age > 90 || future > 0.02) return 0;
  return Math.min(1, (hi - lo) / 40);
}

function defaultQi(entity: string | null): QuasiIdentifierKind | null {
  switch (entity) {
    case 'ZIP_CODE':
      return 'zip_code';
    case 'AGE':
      return 'age';
    case 'LOCATION':
      return 'city';
    case 'NRP':
      return 'nationality';
    case 'GPS_COORDINATES':
      return 'geo';
    default:
      return null;
  }
}

function label(
  entity: string | null,
  qi: { quasiIdentifier?: QuasiIdentifierKind | null; qi?: QuasiIdentifierKind | null },
): string {
  return entity ?? qi.quasiIdentifier ?? qi.qi ?? 'nothing';
}

function mergeCandidates(candidates: Candidate[], choice: Choice | null): Candidate[] {
  const list = candidates.slice();
  if (choice?.entity) {
    const i = list.findIndex((c) => c.entity === choice.entity);
    const chosen: Candidate = {
      entity: choice.entity,
      score: round(choice.score),
      share: round(choice.share),
      evidence: choice.evidence,
    };
    if (i >= 0) list.splice(i, 1);
    list.unshift(chosen);
  }
  return list.slice(0, 6);
}

function finishFreeText(ft: FreeTextInfo): FreeTextInfo {
  return { ...ft, share: ft.analyzed === 0 ? 0 : round(ft.withFindings / ft.analyzed) };
}

/** High: direct identifiers; medium: quasi-identifiers and text with some personal data. */
function risk(
  entity: string | null,
  score: number,
  qi: QuasiIdentifierKind | null,
  ft: FreeTextInfo | null,
  strongTexts: number,
): Risk {
  if (ft) {
    if (ft.withFindings === 0) return 'none';
    // Pattern-detected identifiers (emails, phones, cards) count from 1%; name-model readings from 10%.
    if (ft.analyzed > 0 && strongTexts / ft.analyzed >= 0.01) return 'high';
    if (ft.withFindings / ft.analyzed < 0.1) return 'low';
    const direct = Object.keys(ft.entities).some((e) => isEntityType(e) && !ENTITIES[e].quasiIdentifier);
    return direct ? 'high' : 'medium';
  }
  if (entity === null) return qi ? 'medium' : 'none';
  if (score < 0.5) return 'low';
  const quasi = isEntityType(entity) ? ENTITIES[entity].quasiIdentifier : false;
  return quasi || qi ? 'medium' : 'high';
}
