import { digitsOnly, iso7064Mod11_10, luhn, modDecimal, verhoeff, weightedSum } from './checksums.js';

/**
 * National identifier validators. Each takes the candidate as matched (separators allowed) and
 * says whether structure and checksum hold. References: the issuing authorities' published
 * algorithms (summarised on the Wikipedia page of each identifier).
 */

const d = (s: string, i: number): number => s.charCodeAt(i) - 48;

function validMonthDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const FAKE_SSNS = new Set(['123456789', '078051120', '219099999', '987654320', '987654321']);

/** US SSN: area not 000/666/9xx, group not 00, serial not 0000, no famous test numbers. */
export function validUsSsn(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 9 || FAKE_SSNS.has(s) || /^(\d)\1{8}$/.test(s)) return false;
  const area = s.slice(0, 3);
  return area !== '000' && area !== '666' && s[0] !== '9' && s.slice(3, 5) !== '00' && s.slice(5) !== '0000';
}

/** US ITIN: 9xx, group 50-65, 70-88, 90-92 or 94-99. */
export function validUsItin(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 9 || s[0] !== '9') return false;
  const g = Number(s.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
}

const NINO_BAD_PREFIX = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

export function validUkNino(raw: string): boolean {
  const s = raw.replace(/\s/g, '').toUpperCase();
  return /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(s) && !NINO_BAD_PREFIX.has(s.slice(0, 2));
}

/** UK NHS number: mod 11 over weights 10..2; a remainder giving 10 is never issued. */
export function validUkNhs(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 10) return false;
  const check = 11 - (weightedSum(s, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === d(s, 9);
}

export function validAadhaar(raw: string): boolean {
  const s = digitsOnly(raw);
  return s.length === 12 && s[0] !== '0' && s[0] !== '1' && verhoeff(s);
}

export function validIndiaPan(raw: string): boolean {
  return /^[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]$/.test(raw);
}

const NRIC_TABLES: Record<string, { offset: number; letters: string }> = {
  S: { offset: 0, letters: 'JZIHGFEDCBA' },
  T: { offset: 4, letters: 'JZIHGFEDCBA' },
  F: { offset: 0, letters: 'XWUTRQPNMLK' },
  G: { offset: 4, letters: 'XWUTRQPNMLK' },
  M: { offset: 3, letters: 'XWUTRQPNJLK' },
};

export function validSgNric(raw: string): boolean {
  const s = raw.toUpperCase();
  const table = NRIC_TABLES[s[0] ?? ''];
  if (!table || !/^[STFGM]\d{7}[A-Z]$/.test(s)) return false;
  const sum = weightedSum(s.slice(1, 8), [2, 7, 6, 5, 4, 3, 2]) + table.offset;
  return table.letters[sum % 11] === s[8];
}

/** Korea RRN: YYMMDD-GNNNNNC; numbers issued before Oct 2020 carry a mod-11 check digit. */
export function krRrnStructure(raw: string): boolean {
  const s = digitsOnly(raw);
  return s.length === 13 && validMonthDay(Number(s.slice(2, 4)), Number(s.slice(4, 6)));
}

export function validKrRrn(raw: string): boolean {
  const s = digitsOnly(raw);
  if (!krRrnStructure(s)) return false;
  const check = (11 - (weightedSum(s, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11)) % 10;
  return check === d(s, 12);
}

/** Japan My Number: weights Q_n = n+1 (n<=6) or n-5 counted from the right of the 11 digits. */
export function validJpMyNumber(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 12) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += d(s, 11 - n) * (n <= 6 ? n + 1 : n - 5);
  const rem = sum % 11;
  return (rem <= 1 ? 0 : 11 - rem) === d(s, 11);
}

const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export function validCnResidentId(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const year = Number(s.slice(6, 10));
  if (year < 1900 || year > 2100 || !validMonthDay(Number(s.slice(10, 12)), Number(s.slice(12, 14))))
    return false;
  return '10X98765432'[weightedSum(s, CN_WEIGHTS) % 11] === s[17];
}

function mod11Digit(sum: number): number {
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

export function validBrCpf(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 11 || /^(\d)\1{10}$/.test(s)) return false;
  const d1 = mod11Digit(weightedSum(s, [10, 9, 8, 7, 6, 5, 4, 3, 2]));
  const d2 = mod11Digit(weightedSum(s, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]));
  return d1 === d(s, 9) && d2 === d(s, 10);
}

export function validBrCnpj(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 14 || /^(\d)\1{13}$/.test(s)) return false;
  const d1 = mod11Digit(weightedSum(s, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  const d2 = mod11Digit(weightedSum(s, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  return d1 === d(s, 12) && d2 === d(s, 13);
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function validEsDni(raw: string): boolean {
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^\d{8}[A-Z]$/.test(s)) return false;
  return DNI_LETTERS[Number(s.slice(0, 8)) % 23] === s[8];
}

export function validEsNie(raw: string): boolean {
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[XYZ]\d{7}[A-Z]$/.test(s)) return false;
  const lead = String('XYZ'.indexOf(s[0]!));
  return DNI_LETTERS[Number(lead + s.slice(1, 8)) % 23] === s[8];
}

// Values of characters in odd (1st, 3rd, ...) positions; digits share the values of A..J.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function cfValue(ch: string, odd: boolean): number {
  const c = ch.charCodeAt(0);
  const index = c <= 57 ? c - 48 : c - 65;
  return odd ? CF_ODD[index]! : index;
}

export function validItFiscalCode(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!/^[A-Z]{6}[\dLMNPQRSTUV]{2}[A-EHLMPR-T][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z]$/.test(s))
    return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += cfValue(s[i]!, i % 2 === 0);
  return String.fromCharCode(65 + (sum % 26)) === s[15];
}

/** German Steuer-ID: 11 digits, one digit repeated 2-3 times in the first 10, ISO 7064 check. */
export function validDeTaxId(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 11 || s[0] === '0') return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[d(s, i)]!++;
  const repeated = counts.filter((c) => c >= 2);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  return iso7064Mod11_10(s.slice(0, 10)) === d(s, 10);
}

/** France NIR: sex, YYMM, department (2A/2B for Corsica), commune, order, key = 97 - n mod 97. */
export function validFrNir(raw: string): boolean {
  const s = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[12]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(s)) return false;
  const month = Number(s.slice(3, 5));
  if (!((month >= 1 && month <= 12) || month === 20 || (month >= 30 && month <= 42) || month >= 50))
    return false;
  let body = s.slice(0, 13);
  let adjust = 0;
  if (body.includes('A')) [body, adjust] = [body.replace('2A', '19'), 1000000];
  if (body.includes('B')) [body, adjust] = [body.replace('2B', '18'), 2000000];
  const rem = (modDecimal(body, 97) - (adjust % 97) + 97) % 97;
  return 97 - rem === Number(s.slice(13));
}

const NIK_PROVINCES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73,
  74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
]);

/** Indonesia NIK: province, regency, district, DDMMYY (day + 40 for women), serial. */
export function validIdNik(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 16 || !NIK_PROVINCES.has(Number(s.slice(0, 2)))) return false;
  let day = Number(s.slice(6, 8));
  if (day > 40) day -= 40;
  return validMonthDay(Number(s.slice(8, 10)), day) && s.slice(12) !== '0000';
}

const CURP_ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
const CURP_STATES =
  'AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE';
const CURP_SHAPE = new RegExp(
  `^[A-Z][AEIOUX][A-Z]{2}\\d{6}[HMX](?:${CURP_STATES})[B-DF-HJ-NP-TV-Z]{3}[A-Z\\d]\\d$`,
);

export function mxCurpStructure(raw: string): boolean {
  const s = raw.toUpperCase();
  return CURP_SHAPE.test(s) && validMonthDay(Number(s.slice(6, 8)), Number(s.slice(8, 10)));
}

export function validMxCurp(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!mxCurpStructure(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CURP_ALPHABET.indexOf(s[i]!) * (18 - i);
  return (10 - (sum % 10)) % 10 === d(s, 17);
}

export function validCaSin(raw: string): boolean {
  const s = digitsOnly(raw);
  return s.length === 9 && s[0] !== '0' && s[0] !== '8' && luhn(s);
}

export function validAuTfn(raw: string): boolean {
  const s = digitsOnly(raw);
  return s.length === 9 && weightedSum(s, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0;
}

export function validAuMedicare(raw: string): boolean {
  const s = digitsOnly(raw);
  if ((s.length !== 10 && s.length !== 11) || s[0]! < '2' || s[0]! > '6') return false;
  return weightedSum(s, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 === d(s, 8);
}

export function validAuAbn(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 11 || s[0] === '0') return false;
  const adjusted = String(d(s, 0) - 1) + s.slice(1);
  return weightedSum(adjusted, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) % 89 === 0;
}

export function validNlBsn(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 9) return false;
  const sum = weightedSum(s, [9, 8, 7, 6, 5, 4, 3, 2]) - d(s, 8);
  return sum > 0 && sum % 11 === 0;
}

export function validPlPesel(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 11 || !validMonthDay(Number(s.slice(2, 4)) % 20, Number(s.slice(4, 6)))) return false;
  return (10 - (weightedSum(s, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10 === d(s, 10);
}

export function validTrTckn(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 11 || s[0] === '0') return false;
  const odd = d(s, 0) + d(s, 2) + d(s, 4) + d(s, 6) + d(s, 8);
  const even = d(s, 1) + d(s, 3) + d(s, 5) + d(s, 7);
  const d10 = (((odd * 7 - even) % 10) + 10) % 10;
  const d11 = (odd + even + d10) % 10;
  return d10 === d(s, 9) && d11 === d(s, 10);
}

const FI_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

export function validFiHetu(raw: string): boolean {
  const s = raw.toUpperCase();
  const m = /^(\d{6})[-+A-FU-Y](\d{3})([0-9A-Y])$/.exec(s);
  if (!m || !validMonthDay(Number(s.slice(2, 4)), Number(s.slice(0, 2)))) return false;
  return FI_CHECK[Number(m[1]! + m[2]!) % 31] === m[3];
}

export function validSePersonnummer(raw: string): boolean {
  let s = digitsOnly(raw);
  if (s.length === 12) s = s.slice(2);
  return s.length === 10 && validMonthDay(Number(s.slice(2, 4)), Number(s.slice(4, 6)) % 60) && luhn(s);
}

export function validZaId(raw: string): boolean {
  const s = digitsOnly(raw);
  return s.length === 13 && validMonthDay(Number(s.slice(2, 4)), Number(s.slice(4, 6))) && luhn(s);
}

export function validThTnin(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 13 || s[0] === '0') return false;
  const sum = weightedSum(s, [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return (11 - (sum % 11)) % 10 === d(s, 12);
}
