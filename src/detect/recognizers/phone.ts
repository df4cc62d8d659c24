import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { AnalyzeContext, Finding, Recognizer } from '../types.js';
import { digitsOnly } from '../validators/checksums.js';
import { FALLBACK, isPossibleParsed, parseDigits } from './phone-parse.js';
import { maybeValidInternational, maybeValidNational, validNationalNumber } from './phone-plans.js';

export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = [
  'US',
  'GB',
  'IN',
  'BR',
  'MX',
  'ID',
  'DE',
  'FR',
  'ES',
  'IT',
  'JP',
  'KR',
  'SG',
  'AU',
  'CA',
];

/**
 * Phone numbers of any region. A cheap bounded regex finds digit runs that could be phone numbers;
 * libphonenumber-js (full metadata) then decides validity: international "+" numbers by their own
 * country code, national numbers against the configured default regions.
 */
// One bounded character class, no nested quantifiers: linear on adversarial input.
const CANDIDATE = /(?<![\w+.-])(?:\+|00)?\(?\d[\d ().-]{5,22}\d(?![\w])/g;

export class PhoneRecognizer implements Recognizer {
  readonly name = 'phone';
  readonly entities = ['PHONE_NUMBER'];

  /** Repeated national numbers (signatures, templates) are validated once. */
  private readonly cache = new Map<string, number>();

  constructor(private readonly regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS) {}

  analyze(text: string, ctx: AnalyzeContext): Finding[] {
    const out: Finding[] = [];
    this.analyzeInto(text, ctx, out);
    return out;
  }

  analyzeInto(text: string, ctx: AnalyzeContext, out: Finding[]): void {
    // A candidate holds at least 7 digits.
    if (ctx.features.digits < 7) return;
    // Each libphonenumber parse costs microseconds; cap them per text so noise stays cheap.
    let budget = 32 + Math.ceil(text.length / 64);
    CANDIDATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CANDIDATE.exec(text)) !== null) {
      const raw = m[0];
      if (!phoneShaped(raw) || OTHER_SHAPES.test(raw)) continue;
      if ((budget -= 1) < 0) break;
      if (!isGrouped(raw) && !PHONE_WORD_BEFORE.test(text.slice(Math.max(0, m.index - 32), m.index)))
        continue;
      const score = this.score(raw);
      if (score > 0)
        out.push({
          entity: 'PHONE_NUMBER',
          start: m.index,
          end: m.index + raw.length,
          score,
          recognizer: this.name,
        });
    }
  }

  /** International numbers with a valid country code score higher than national-only readings. */
  private score(raw: string): number {
    const international = raw.startsWith('+') || raw.startsWith('00');
    if (international) {
      const digits = digitsOnly(raw).slice(raw.startsWith('00') ? 2 : 0);
      if (!maybeValidInternational(digits)) return 0;
      return validPhone(`+${digits}`, undefined) ? 0.75 : 0;
    }
    const grouped = isGrouped(raw);
    const cached = this.cache.get(raw);
    if (cached !== undefined) return cached;
    let score = 0;
    const nationalDigits = digitsOnly(raw);
    for (const region of this.regions) {
      if (!plausibleNational(region, nationalDigits) || !maybeValidNational(nationalDigits, region)) continue;
      if (validPhone(nationalDigits, region)) {
        score = grouped ? 0.5 : 0.35;
        break;
      }
    }
    if (this.cache.size >= 4096) this.cache.clear();
    this.cache.set(raw, score);
    return score;
  }
}

/**
 * libphonenumber-js's verdict on a candidate, parsed as "+" and its digits (international) or
 * its digits with a default region: a number, possible (national numbers) and valid. A candidate
 * holds nothing else the library reads (test/detect/phone-parse.test.ts compares the two).
 */
export function validPhone(number: string, region: CountryCode | undefined): boolean {
  const parsed = parseDigits(number, region);
  if (parsed === FALLBACK) return libraryVerdict(number, region);
  if (!parsed) return false;
  if (region) {
    const possible = isPossibleParsed(parsed);
    if (possible === undefined) return libraryVerdict(number, region);
    if (!possible) return false;
  }
  return validNationalNumber(parsed.country ?? parsed.callingCode, parsed.nationalNumber);
}

function libraryVerdict(number: string, region: CountryCode | undefined): boolean {
  const parsed = parsePhoneNumberFromString(number, region);
  if (!parsed || (region && !parsed.isPossible())) return false;
  return validNationalNumber(parsed.country ?? parsed.countryCallingCode, parsed.nationalNumber);
}

/**
 * 7 to 15 digits in at most six digit groups, at most two of them a single digit: "1 1 1 1 1 1 1"
 * is no phone. Dotted phone numbers group digits by 2+; "0.3931 (0.0076" is a decimal.
 */
function phoneShaped(raw: string): boolean {
  let digits = 0;
  let groups = 0;
  let singles = 0;
  let run = 0;
  let dotted = false;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 0;
    if (c >= 48 && c <= 57) {
      run++;
      continue;
    }
    if (c === 46) dotted = true;
    if (run > 0) {
      digits += run;
      groups++;
      if (run === 1) singles++;
      run = 0;
    }
  }
  if (digits < 7 || digits > 15 || groups > 6 || singles > 2) return false;
  return !dotted || singles === 0;
}

/** Written phone numbers are grouped ("+1 415 555 2671", "(415) 555-2671") or start with + / 00. */
function isGrouped(raw: string): boolean {
  if (raw.startsWith('+') || raw.startsWith('00')) return true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // ' ', '(', ')', '-', '.'
    if (c === 32 || c === 40 || c === 41 || c === 45 || c === 46) return true;
  }
  return false;
}

/**
 * A bare digit run is parsed as a phone only after a phone word: parsing costs microseconds per
 * region, and most bare runs in text are other numbers (orders, ids, amounts).
 */
const PHONE_WORD_BEFORE =
  /(?:phone|tel|mobile|cell|call|whatsapp|wa|fax|sms|teléfono|telefono|móvil|movil|celular|llamar|téléphone|portable|appeler|telefon|handy|mobil|anrufen|telemóvel|ligar|hp|ponsel|hubungi)\W{1,3}(?:\p{L}{1,12}\W{1,3})?$/iu;

/** Digit strings that are something else: ISO dates, 4-4-4-4 card groups. */
const OTHER_SHAPES = /^\d{4}-\d{2}-\d{2}$|^\d{4}([ -])\d{4}\1\d{4}/;

/**
 * How national numbers are written per default region: whether they start with the trunk prefix
 * 0 ('zero'), never do ('nonzero') or either, and their digit counts as written. A cheap filter
 * before libphonenumber's parse (about 20 µs per region); other regions are always parsed.
 */
const NATIONAL_SHAPE: Partial<
  Record<string, { start: 'zero' | 'nonzero' | 'any'; min: number; max: number }>
> = {
  US: { start: 'nonzero', min: 10, max: 11 },
  GB: { start: 'zero', min: 10, max: 11 },
  IN: { start: 'any', min: 10, max: 12 },
  BR: { start: 'any', min: 10, max: 12 },
  MX: { start: 'nonzero', min: 10, max: 10 },
  ID: { start: 'zero', min: 9, max: 13 },
  DE: { start: 'zero', min: 6, max: 13 },
  FR: { start: 'zero', min: 10, max: 10 },
  ES: { start: 'nonzero', min: 9, max: 9 },
  IT: { start: 'any', min: 6, max: 11 },
  JP: { start: 'zero', min: 10, max: 11 },
  KR: { start: 'zero', min: 9, max: 11 },
  SG: { start: 'nonzero', min: 8, max: 8 },
  AU: { start: 'zero', min: 10, max: 10 },
};

function plausibleNational(region: string, digits: string): boolean {
  const shape = NATIONAL_SHAPE[region];
  if (!shape) return true;
  if (digits.length < shape.min || digits.length > shape.max) return false;
  if (shape.start === 'zero') return digits.startsWith('0');
  if (shape.start === 'nonzero') return !digits.startsWith('0');
  return true;
}
