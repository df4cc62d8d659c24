import { TLDS } from '../recognizers/tlds.js';
import { validIban } from '../validators/iban.js';
import type { NameSignal } from './names.js';

/**
 * Cheap verifiers for the exact (full) scan of a column. Each one is an anchored pattern for a
 * conservative subset of one entity's values (plus, for some, a checksum) such that every value
 * it accepts gets exactly the verdict the column classifier would give it with the whole
 * recognizer: the entity, no name-model or word reading, no date unless `date`, and the raw
 * value equal to its normalised text. Values the pattern does not accept are not counted as
 * misses: they go through the classifier as before. test/detect/verifiers.test.ts checks the
 * agreement on real values.
 *
 * Patterns use the syntax shared by RE2 (DuckDB's regexp_full_match) and JavaScript: no
 * lookaround, no backreferences, no inline flags. Matching is case-sensitive unless `ignoreCase`.
 */
export interface Verifier {
  entity: string;
  /** The pattern a whole value must match (anchoring is the caller's: full match). */
  pattern: string;
  ignoreCase?: boolean;
  /** Exact values the pattern accepts but the recognizer rejects. */
  exclude?: readonly string[];
  /** A check (checksum) that needs code; values failing it go through the classifier. */
  check?: (text: string) => boolean;
  /** Values are ISO dates `YYYY-MM-DD[( |T)hh:mm[:ss[.f]][zone]]`: year and time of day vary. */
  date?: boolean;
}

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TLD = [...TLDS].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|');

export const VERIFIERS: readonly Verifier[] = [
  {
    entity: 'IP_ADDRESS',
    pattern: `${OCTET}(?:\\.${OCTET}){3}`,
    exclude: ['0.0.0.0'],
  },
  {
    entity: 'EMAIL_ADDRESS',
    // A local part that does not start with a dot (up to 63 characters), then a host of up to
    // eight labels and a known TLD.
    pattern: `[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,62}@(?:${LABEL}\\.){1,8}(?:${TLD})`,
    ignoreCase: true,
  },
  {
    entity: 'DATE_TIME',
    pattern:
      '(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?',
    date: true,
  },
  {
    entity: 'IBAN_CODE',
    pattern: '[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}',
    check: validIban,
  },
];

/** The verifier regex as JavaScript runs it (a full match). */
export function verifierRegExp(v: Verifier): RegExp {
  return new RegExp(`^(?:${v.pattern})$`, v.ignoreCase ? 'i' : '');
}

/** Whether a value is accepted by a verifier (pattern, exclusions and check). */
export function verifies(v: Verifier, text: string, re: RegExp = verifierRegExp(v)): boolean {
  return re.test(text) && !(v.exclude ?? []).includes(text) && (v.check?.(text) ?? true);
}

/**
 * The verifiers usable for a column in a full scan: one per candidate entity, when the column's
 * name signal lets the verdict be known for every accepted value (no signal, or a signal for the
 * same entity, whose shape check every accepted value passes). Free-text columns get none.
 */
export function verifiersFor(
  entities: readonly string[],
  signal: NameSignal | null,
  freeText: boolean,
): { verifier: Verifier; compat: boolean }[] {
  if (freeText) return [];
  const out: { verifier: Verifier; compat: boolean }[] = [];
  for (const verifier of VERIFIERS) {
    if (!entities.includes(verifier.entity)) continue;
    const compat = signalCompat(verifier, signal);
    if (compat !== undefined) out.push({ verifier, compat });
  }
  return out;
}

/** Whether every value a verifier accepts fits the name's shape; undefined when not known. */
function signalCompat(v: Verifier, signal: NameSignal | null): boolean | undefined {
  if (!signal) return false;
  if (v.date && signal.quasiIdentifier === 'birth_date') return true;
  if (signal.quasiIdentifier === null && signal.entity === v.entity && v.entity !== 'PHONE_NUMBER')
    return true;
  return undefined;
}

/** What a full scan learns about the values one verifier accepted in a column (computed in SQL). */
export interface VerifiedSummary {
  entity: string;
  /** Values accepted. */
  count: number;
  /** Sum of their lengths and of their space-separated token counts. */
  lengthSum: number;
  tokenSum: number;
  /** Distinct values among them (approximate is fine: only compared with thresholds). */
  distinct: number;
  /** Whether they fit the column name's shape (see verifiersFor). */
  compat: boolean;
  /** For date verifiers: values with a time of day other than midnight, and values per year. */
  dateTimes?: number;
  years?: ReadonlyMap<number, number>;
}
