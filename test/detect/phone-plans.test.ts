import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  getCountries,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import {
  maybeValidInternational,
  maybeValidNational,
  validNationalNumber,
} from '../../src/detect/recognizers/phone-plans.js';
import { DEFAULT_PHONE_REGIONS } from '../../src/detect/recognizers/phone.js';

/** Deterministic digit strings: a linear congruential generator, so failures reproduce. */
function* digitStrings(count: number): Generator<string> {
  let x = 12345;
  for (let i = 0; i < count; i++) {
    let s = '';
    const len = 7 + (i % 9);
    for (let k = 0; k < len; k++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      s += String(Math.floor(x / 214748365) % 10);
    }
    yield s;
  }
}

const REGIONS: CountryCode[] = [...DEFAULT_PHONE_REGIONS, 'AR', 'RU', 'CN', 'NG', 'GG', 'PR'];

test('the national shortcut never rejects a number libphonenumber-js accepts', () => {
  let rejected = 0;
  for (const digits of digitStrings(6000)) {
    for (const region of REGIONS) {
      if (maybeValidNational(digits, region)) continue;
      rejected++;
      const parsed = parsePhoneNumberFromString(digits, region);
      assert.ok(!(parsed?.isPossible() && parsed.isValid()), `${region} ${digits}`);
    }
  }
  assert.ok(rejected > 10000, `the shortcut should reject most random strings (${rejected})`);
});

test('example numbers of every country pass both shortcuts', () => {
  for (const country of getCountries()) {
    const example = getExampleNumber(country, examples);
    if (!example) continue;
    const national = example.formatNational().replace(/\D/g, '');
    if (!national.startsWith('00'))
      assert.ok(maybeValidNational(national, country), `${country} ${national}`);
    assert.ok(maybeValidInternational(example.number.slice(1)), `${country} ${example.number}`);
  }
});

test('the international shortcut never rejects a number libphonenumber-js accepts', () => {
  for (const digits of digitStrings(6000)) {
    if (maybeValidInternational(digits)) continue;
    assert.ok(!parsePhoneNumberFromString(`+${digits}`)?.isValid(), `+${digits}`);
  }
});

test('the compiled validity check equals libphonenumber-js isValid()', () => {
  let checked = 0;
  let valid = 0;
  const agree = (parsed: ReturnType<typeof parsePhoneNumberFromString>, what: string): void => {
    if (!parsed) return;
    const expected = parsed.isValid();
    const got = validNationalNumber(parsed.country ?? parsed.countryCallingCode, parsed.nationalNumber);
    assert.equal(got, expected, what);
    checked++;
    if (expected) valid++;
  };
  for (const digits of digitStrings(3000)) {
    for (const region of REGIONS) agree(parsePhoneNumberFromString(digits, region), `${region} ${digits}`);
    agree(parsePhoneNumberFromString(`+${digits}`), `+${digits}`);
    // Non-geographic calling codes (+800, +882, ...) have no country.
    agree(parsePhoneNumberFromString(`+800${digits.slice(0, 8)}`), `+800${digits.slice(0, 8)}`);
  }
  for (const country of getCountries()) {
    const example = getExampleNumber(country, examples);
    if (!example) continue;
    agree(parsePhoneNumberFromString(example.number), example.number);
    agree(parsePhoneNumberFromString(example.formatNational(), country), `${country} national`);
    agree(parsePhoneNumberFromString(example.number.slice(0, -1)), `${example.number} shortened`);
  }
  assert.ok(checked > 20000 && valid > 400, `${checked} checked, ${valid} valid`);
});

test('the national shortcut keeps valid numbers written with national and carrier prefixes (BR, JP)', () => {
  let x = 7;
  const digits = (n: number): string => {
    let s = '';
    for (let k = 0; k < n; k++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      s += String(Math.floor(x / 214748365) % 10);
    }
    return s;
  };
  const cases: Array<[CountryCode, string[]]> = [
    ['BR', ['', '0', '021', '015', '041', '099', '9021', '9014', '90', '55', '0055']],
    ['JP', ['', '0', '0003768', '00037680', '81', '0002', '0009']],
  ];
  let valid = 0;
  for (const [region, prefixes] of cases) {
    for (let i = 0; i < 6000; i++) {
      const prefix = prefixes[i % prefixes.length]!;
      const number = `${prefix}${digits(region === 'BR' ? 10 + (i % 2) : 9 + (i % 3))}`;
      const parsed = parsePhoneNumberFromString(number, region);
      if (!(parsed?.isPossible() && parsed.isValid())) continue;
      valid++;
      assert.ok(maybeValidNational(number, region), `${region} ${number}`);
    }
  }
  assert.ok(valid > 1000, `${valid} valid numbers`);
});
