import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { FALLBACK, isPossibleParsed, parseDigits } from '../../src/detect/recognizers/phone-parse.js';
import { validNationalNumber } from '../../src/detect/recognizers/phone-plans.js';
import { validPhone } from '../../src/detect/recognizers/phone.js';
import { seededRandom } from '../helpers/seeded.js';

const COUNTRIES = getCountries();
const CODES = [...new Set(COUNTRIES.map((c) => getCountryCallingCode(c)))];
/** National and international dialling prefixes, calling codes, non-geographic codes. */
const PREFIXES = [
  '',
  '',
  '',
  '0',
  '00',
  '011',
  '0011',
  '810',
  '8',
  '001',
  '010',
  '1',
  '9',
  '90',
  '44',
  '7',
  '800',
  '882',
];

/** Digit strings near real numbers: examples (some mutated) and random digits, behind prefixes. */
function numbers(count: number, seed: number): string[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const example = r() < 0.4 ? getExampleNumber(pick(COUNTRIES), examples) : undefined;
    let body = pick(CODES) + digits(4 + Math.floor(r() * 12));
    if (example) {
      body = r() < 0.5 ? example.nationalNumber : example.countryCallingCode + example.nationalNumber;
      if (r() < 0.5)
        body = body.slice(0, body.length - 1 - Math.floor(r() * 3)) + digits(Math.floor(r() * 4));
    } else if (r() < 0.5) body = body.slice(2);
    out.push(pick(PREFIXES) + body);
  }
  return out;
}

/** What the library says: country, calling code, national number, possible (national), valid. */
function library(number: string, region: CountryCode | undefined): string {
  const p = parsePhoneNumberFromString(number, region);
  if (!p) return 'none';
  const possible = region ? p.isPossible() : true;
  const valid = possible && validNationalNumber(p.country ?? p.countryCallingCode, p.nationalNumber);
  return `${p.country}|${p.countryCallingCode}|${p.nationalNumber}|${possible}|${valid}`;
}

function compiled(number: string, region: CountryCode | undefined): string {
  const p = parseDigits(number, region);
  if (p === FALLBACK || !p) return p ? FALLBACK : 'none';
  const possible = region ? isPossibleParsed(p) : true;
  const valid = possible === true && validNationalNumber(p.country ?? p.callingCode, p.nationalNumber);
  return `${p.country}|${p.callingCode}|${p.nationalNumber}|${possible}|${valid}`;
}

test('the compiled parse equals libphonenumber-js on numbers of every region', () => {
  const r = seededRandom(7);
  let valid = 0;
  let fallbacks = 0;
  for (const digits of numbers(20000, 11)) {
    const region = r() < 0.2 ? undefined : COUNTRIES[Math.floor(r() * COUNTRIES.length)]!;
    const number = region ? digits : `+${digits}`;
    const expected = library(number, region);
    const got = compiled(number, region);
    if (got === FALLBACK) fallbacks++;
    else assert.equal(got, expected, `${number} ${region}`);
    assert.equal(validPhone(number, region), expected.endsWith('true'), `${number} ${region}`);
    if (expected.endsWith('true')) valid++;
  }
  assert.ok(valid > 500, `enough valid numbers compared (${valid})`);
  assert.ok(fallbacks < 2000, `few numbers left to the library (${fallbacks})`);
});

test('a formatted candidate parses as its digits (what the recognizer passes)', () => {
  const r = seededRandom(3);
  const separators = [' ', '-', '.', ' ', ''];
  for (const digits of numbers(3000, 5)) {
    let raw = '';
    for (const c of digits) raw += (raw && r() < 0.25 ? separators[Math.floor(r() * 5)]! : '') + c;
    if (r() < 0.3) raw = `(${raw.slice(0, 3)})${raw.slice(3)}`;
    for (const region of ['US', 'GB', 'DE', 'BR', 'JP', 'IN'] as const)
      assert.equal(library(raw, region), library(digits, region), `${raw} ${region}`);
    assert.equal(library(`+${raw}`, undefined), library(`+${digits}`, undefined), `+${raw}`);
  }
});
