import { Metadata, type CountryCode } from 'libphonenumber-js/max';

/**
 * A necessary condition for libphonenumber-js to call a digit string valid, checked with one
 * regex instead of a parse (a parse costs 5-30 µs, most of it for numbers that are not valid).
 *
 * libphonenumber-js validates the national significant number N against the general pattern of
 * the country it settles on, which shares the calling code of the default region (or of the
 * "+" prefix). N is a suffix of the digits (the calling code and national prefix are stripped
 * from the front), except when a region's national prefix transform rule prepends digits (see
 * SUFFIX_TRANSFORMS) or the digits start with the region's international dialling prefix: those
 * cases are always parsed.
 * So "some suffix of the digits matches one of those countries' general patterns" must hold for
 * a valid number; `P$` searched unanchored tests every suffix at once.
 */
interface PlanMetadata {
  selectNumberingPlan(country: string): void;
  countryCallingCodes(): Record<string, string[]>;
  getCountryCodesForCallingCode(code: string): string[] | undefined;
  hasCountry(country: string): boolean;
  nonGeographic(): Record<string, unknown> | undefined;
  countryCallingCode(): string;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  hasTypes(): boolean;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
  IDDPrefix(): string;
  nationalPrefixTransformRule(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  leadingDigits(): string | undefined;
}

export const metadata = new Metadata() as unknown as PlanMetadata;

/** Regions of each calling code that can end up validating a number, and their patterns. */
const suffixByCode = new Map<string, RegExp | null>();

function suffixPattern(code: string): RegExp | null {
  let re = suffixByCode.get(code);
  if (re !== undefined) return re;
  const regions = metadata.countryCallingCodes()[code] ?? [];
  const patterns: string[] = [];
  for (const region of regions) {
    metadata.selectNumberingPlan(region);
    patterns.push(metadata.nationalNumberPattern());
  }
  // Non-geographic codes (+800, +882, ...) or anything unexpected: no shortcut.
  re =
    patterns.length === 0 || metadata.nonGeographic()?.[code]
      ? null
      : new RegExp(`(?:${patterns.join('|')})$`);
  suffixByCode.set(code, re);
  return re;
}

/** A national number of one of these lengths matching the pattern (both required by isPossible && isValid). */
interface Shape {
  /** `(?=(?:general)$)types$`, to be anchored at the start. */
  source: string;
  lengths: readonly number[];
}

export const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

/** isValid also needs N to match one number type's pattern (an empty one is a removed duplicate). */
function typePatterns(): string {
  if (!metadata.hasTypes()) return '\\d*';
  const patterns = TYPES.map((t) => metadata.type(t)?.pattern() ?? '').filter((p) => p !== '');
  return patterns.length === 0 ? '\\d*' : `(?:${patterns.join('|')})`;
}

interface NationalPlan {
  idd: RegExp;
  /** Per possible length n: one regex, the shapes allowing n as alternatives (null: no shortcut). */
  byLength: Array<[number, RegExp]> | null;
}

function byLength(shapes: Shape[] | null): Array<[number, RegExp]> | null {
  if (!shapes) return null;
  const lengths = [...new Set(shapes.flatMap((s) => s.lengths))].sort((a, b) => a - b);
  return lengths.map((n) => {
    const sources = shapes.filter((s) => s.lengths.includes(n)).map((s) => s.source);
    return [n, new RegExp(`^(?:${sources.join('|')})`)];
  });
}

function shapes(code: string): Shape[] | null {
  const out: Shape[] = [];
  for (const region of metadata.countryCallingCodes()[code] ?? []) {
    metadata.selectNumberingPlan(region);
    const lengths = metadata.possibleLengths();
    if (!lengths) return null;
    out.push({ source: `(?=(?:${metadata.nationalNumberPattern()})$)${typePatterns()}$`, lengths });
  }
  return out.length === 0 ? null : out;
}
const nationalPlans = new Map<string, NationalPlan | null>();

/**
 * Regions whose national prefix transform rule still leaves a suffix of the digits: the rule
 * replaces the matched prefix by one of its own trailing groups. BR: \`(?:0|90)(?:(carrier)(\d{10,11}))?\`
 * -> \`$2\`; JP: \`(000[2569]\d{4,6})$|...\` -> \`$1\` (the whole number); GA: \`0(11\d{6}|...)\` -> \`$1\`.
 * (Other rules prepend digits, e.g. NANP islands' area codes, and are always parsed.)
 */
const SUFFIX_TRANSFORMS = new Set(['BR', 'JP', 'GA']);

function nationalPlan(region: CountryCode): NationalPlan | null {
  let plan = nationalPlans.get(region);
  if (plan !== undefined) return plan;
  metadata.selectNumberingPlan(region);
  const transformed = Boolean(metadata.nationalPrefixTransformRule()) && !SUFFIX_TRANSFORMS.has(region);
  const idd = new RegExp(`^(?:${metadata.IDDPrefix()})`);
  const code = metadata.countryCallingCode();
  plan = transformed ? null : { idd, byLength: byLength(shapes(code)) };
  nationalPlans.set(region, plan);
  return plan;
}

/**
 * False only when a national-format number cannot be valid for `region` (parsed with that default
 * region, libphonenumber-js requires isPossible: the length of N is one of the country's lengths).
 */
export function maybeValidNational(digits: string, region: CountryCode): boolean {
  const plan = nationalPlan(region);
  if (!plan || !plan.byLength || plan.idd.test(digits)) return true;
  for (const [n, pattern] of plan.byLength) {
    if (n > digits.length) break;
    if (pattern.test(digits.slice(digits.length - n))) return true;
  }
  return false;
}

/**
 * Exactly libphonenumber-js's `PhoneNumber.isValid()` for a parsed number (its country, or its
 * calling code when it has none, and its national number), with the patterns compiled once per
 * country: `isValid` builds a RegExp from the metadata source on every test. With number types in
 * the metadata: the general pattern and one type's pattern (of a matching possible length, when
 * the type lists lengths) must match the whole number; without: the general pattern alone.
 */
export function validNationalNumber(countryOrCode: string, nationalNumber: string): boolean {
  let valid = validators.get(countryOrCode);
  if (!valid) {
    valid = compileValidator(countryOrCode);
    validators.set(countryOrCode, valid);
  }
  return valid(nationalNumber);
}

const validators = new Map<string, (nationalNumber: string) => boolean>();

function compileValidator(countryOrCode: string): (nationalNumber: string) => boolean {
  metadata.selectNumberingPlan(countryOrCode);
  const general = new RegExp(`^(?:${metadata.nationalNumberPattern()})$`);
  if (!metadata.hasTypes()) return (n) => general.test(n);
  const types: Array<{ pattern: RegExp; lengths: number[] | undefined }> = [];
  for (const name of TYPES) {
    const type = metadata.type(name);
    if (!type || !type.pattern()) continue;
    types.push({ pattern: new RegExp(`^(?:${type.pattern()})$`), lengths: type.possibleLengths() });
  }
  return (n) =>
    general.test(n) && types.some((t) => (!t.lengths || t.lengths.includes(n.length)) && t.pattern.test(n));
}

/** False only when an international number (digits after "+") cannot be valid. */
export function maybeValidInternational(digits: string): boolean {
  const codes = metadata.countryCallingCodes();
  for (let i = 1; i <= 3 && i < digits.length; i++) {
    const code = digits.slice(0, i);
    if (metadata.nonGeographic()?.[code]) return true;
    if (!codes[code]) continue;
    metadata.selectNumberingPlan(codes[code][0]!);
    if (metadata.nationalPrefixTransformRule()) return true;
    const re = suffixPattern(code);
    return re === null || re.test(digits.slice(i));
  }
  // No known calling code: libphonenumber-js will not find a valid number either, but let it say so.
  return true;
}
