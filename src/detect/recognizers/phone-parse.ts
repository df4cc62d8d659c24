import { metadata, TYPES } from './phone-plans.js';

/**
 * libphonenumber-js's `parsePhoneNumberFromString(text, defaultCountry)` for the phone
 * recognizer's candidates, with every metadata pattern compiled once: the library builds a RegExp
 * from the metadata source on every step of every parse (about 20 µs a parse). A candidate is
 * digits, spaces, '(', ')', '.', '-' and an optional leading '+', so what the library parses is
 * just "+" (or not) and the digits; this follows its steps (extractCountryCallingCode,
 * extractNationalNumber, getCountryByCallingCode, checkNumberLength) on that. Non-geographic
 * calling codes and plans without possible lengths are left to the library (FALLBACK).
 * `test/detect/phone-parse.test.ts` compares it with the library.
 */
export interface ParsedPhone {
  /** The country the library settles on (undefined: only the calling code is known). */
  country: string | undefined;
  callingCode: string;
  nationalNumber: string;
}

export const FALLBACK = 'fallback';

interface Plan {
  callingCode: string;
  /** The whole national number matches the general pattern. */
  general: RegExp;
  lengths: readonly number[] | undefined;
  /** `^(?:national prefix for parsing)` and its transform rule. */
  prefix: RegExp | undefined;
  transform: string | undefined;
  idd: RegExp;
  leading: RegExp | undefined;
  /** The number types' patterns (getNumberType finds a type when one matches). */
  types: ReadonlyArray<{ pattern: RegExp; lengths: readonly number[] | undefined }>;
}

const plans = new Map<string, Plan>();

function planOf(country: string): Plan {
  let plan = plans.get(country);
  if (plan) return plan;
  metadata.selectNumberingPlan(country);
  const prefix = metadata.nationalPrefixForParsing();
  const leading = metadata.leadingDigits();
  plan = {
    callingCode: metadata.countryCallingCode(),
    general: new RegExp(`^(?:${metadata.nationalNumberPattern()})$`),
    lengths: metadata.possibleLengths(),
    prefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
    transform: metadata.nationalPrefixTransformRule(),
    idd: new RegExp(`^(?:${metadata.IDDPrefix()})`),
    leading: leading ? new RegExp(`^(?:${leading})`) : undefined,
    types: numberTypes(),
  };
  plans.set(country, plan);
  return plan;
}

function numberTypes(): Plan['types'] {
  const out: Array<{ pattern: RegExp; lengths: readonly number[] | undefined }> = [];
  if (!metadata.hasTypes()) return out;
  for (const name of TYPES) {
    const type = metadata.type(name);
    if (type && type.pattern())
      out.push({ pattern: new RegExp(`^(?:${type.pattern()})$`), lengths: type.possibleLengths() });
  }
  return out;
}

/** getNumberType(...) !== undefined. */
function hasNumberType(plan: Plan, n: string): boolean {
  return (
    plan.general.test(n) &&
    plan.types.some((t) => (!t.lengths || t.lengths.includes(n.length)) && t.pattern.test(n))
  );
}

type LengthCheck = 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH';

/** checkNumberLength (no number type). */
function checkLength(n: string, lengths: readonly number[] | undefined): LengthCheck {
  if (!lengths) return 'IS_POSSIBLE';
  if (lengths[0] === n.length) return 'IS_POSSIBLE';
  if (lengths[0]! > n.length) return 'TOO_SHORT';
  if (lengths[lengths.length - 1]! < n.length) return 'TOO_LONG';
  return lengths.indexOf(n.length, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}

/** getCountryByCallingCode: the first country sharing the code whose leading digits or types fit. */
function countryByCallingCode(code: string, n: string): string | undefined {
  const countries = metadata.getCountryCodesForCallingCode(code);
  if (!countries) return undefined;
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = planOf(country);
    if (plan.leading) {
      if (n && plan.leading.test(n)) return country;
    } else if (hasNumberType(plan, n)) return country;
  }
  return undefined;
}

/** extractNationalNumberFromPossiblyIncompleteNumber (the national number only). */
function stripNationalPrefix(number: string, plan: Plan): string {
  if (!number || !plan.prefix) return number;
  const m = plan.prefix.exec(number);
  if (!m) return number;
  const groups = m.length - 1;
  if (plan.transform && groups > 0 && m[groups]) return number.replace(plan.prefix, plan.transform);
  return number.slice(m[0].length);
}

/** extractNationalNumber(number, undefined, plan). */
function nationalNumberOf(number: string, plan: Plan): string {
  const n = stripNationalPrefix(number, plan);
  if (n === number) return n;
  if (plan.general.test(number) && !plan.general.test(n)) return number;
  if (plan.lengths) {
    const country = countryByCallingCode(plan.callingCode, n);
    const check = checkLength(n, country ? planOf(country).lengths : plan.lengths);
    if (check === 'TOO_SHORT' || check === 'INVALID_LENGTH') return number;
  }
  return n;
}

/** stripIddPrefix: the digits after the default country's international prefix, if any. */
function stripIdd(number: string, country: string): string | undefined {
  const m = planOf(country).idd.exec(number);
  if (!m) return undefined;
  const rest = number.slice(m[0].length);
  return rest[0] === '0' ? undefined : rest;
}

interface CallingCodeSplit {
  callingCode?: string;
  number?: string;
}

/** extractCountryCallingCodeFromInternationalNumberWithoutPlusSign ("1 415 ..." in the US). */
function callingCodeWithoutPlus(number: string, country: string): CallingCodeSplit {
  const plan = planOf(country);
  const code = plan.callingCode;
  if (!number.startsWith(code)) return { number };
  const shorter = number.slice(code.length);
  const shorterNational = nationalNumberOf(shorter, plan);
  const national = nationalNumberOf(number, plan);
  if (
    (!plan.general.test(national) && plan.general.test(shorterNational)) ||
    checkLength(national, plan.lengths) === 'TOO_LONG'
  )
    return { callingCode: code, number: shorter };
  return { number };
}

/** extractCountryCallingCode; FALLBACK for non-geographic codes. */
function splitCallingCode(number: string, country: string | undefined): CallingCodeSplit | typeof FALLBACK {
  if (number[0] !== '+') {
    const withoutIdd = country ? stripIdd(number, country) : undefined;
    if (!withoutIdd || withoutIdd === number)
      return country ? callingCodeWithoutPlus(number, country) : { number };
    number = `+${withoutIdd}`;
  }
  if (number[1] === '0') return {};
  for (let i = 2; i - 1 <= 3 && i <= number.length; i++) {
    const code = number.slice(1, i);
    if (metadata.getCountryCodesForCallingCode(code)) return { callingCode: code, number: number.slice(i) };
    if (metadata.nonGeographic()?.[code]) return FALLBACK;
  }
  return {};
}

/**
 * What parsing `number` ("+" and digits, or digits) with `defaultCountry` gives: undefined when
 * the library returns no number, FALLBACK when only the library can say.
 */
export function parseDigits(
  number: string,
  defaultCountry: string | undefined,
): ParsedPhone | undefined | typeof FALLBACK {
  if (defaultCountry !== undefined && !metadata.hasCountry(defaultCountry)) return undefined;
  const split = splitCallingCode(number, defaultCountry);
  if (split === FALLBACK) return FALLBACK;
  let country: string | undefined;
  let plan: Plan;
  let code = split.callingCode;
  if (code) plan = planOf(metadata.getCountryCodesForCallingCode(code)![0]!);
  else if (split.number && defaultCountry) {
    country = defaultCountry;
    plan = planOf(defaultCountry);
    code = plan.callingCode;
  } else return undefined;
  if (!split.number) return undefined;
  const national = nationalNumberOf(split.number, plan);
  country = countryByCallingCode(code, national) ?? country;
  if (national.length < 2 || national.length > 17) return undefined;
  return { country, callingCode: code, nationalNumber: national };
}

/** `PhoneNumber.isPossible()`; undefined (ask the library) for a plan without possible lengths. */
export function isPossibleParsed(parsed: ParsedPhone): boolean | undefined {
  const lengths = planOf(
    parsed.country ?? metadata.getCountryCodesForCallingCode(parsed.callingCode)![0]!,
  ).lengths;
  return lengths ? checkLength(parsed.nationalNumber, lengths) === 'IS_POSSIBLE' : undefined;
}
