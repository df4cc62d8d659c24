import { digitsOnly, luhn, weightedSum } from './checksums.js';

/** Payment card: 13-19 digits, a known issuer prefix, Luhn. */
export function validCreditCard(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length < 13 || s.length > 19 || oneDigitRepeated(s)) return false;
  return /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6|1|35|62|81)/.test(s) && luhn(s);
}

export function validImei(raw: string): boolean {
  const s = digitsOnly(raw);
  return s.length === 15 && !oneDigitRepeated(s) && luhn(s);
}

/** "4444 4444 4444 4444" passes Luhn but is no card. */
function oneDigitRepeated(s: string): boolean {
  if (s.length < 2) return false;
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== s.charCodeAt(0)) return false;
  return true;
}

/** ABA routing number: Federal Reserve prefix ranges and the 3-7-1 weighted checksum. */
export function validAbaRouting(raw: string): boolean {
  const s = digitsOnly(raw);
  if (s.length !== 9 || s === '000000000') return false;
  const prefix = Number(s.slice(0, 2));
  const okPrefix =
    prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  return okPrefix && weightedSum(s, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}

/** US DEA registration number: two letters, seven digits, the last a weighted check digit. */
export function validDea(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!/^[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}$/.test(s)) return false;
  const n = s.slice(2);
  const sum = weightedSum(n, [1, 2, 1, 2, 1, 2]);
  return sum % 10 === n.charCodeAt(6) - 48;
}

const VIN_VALUES: Record<string, number> = {};
'ABCDEFGH'.split('').forEach((c, i) => (VIN_VALUES[c] = i + 1));
'JKLMN'.split('').forEach((c, i) => (VIN_VALUES[c] = i + 1));
VIN_VALUES.P = 7;
VIN_VALUES.R = 9;
'STUVWXYZ'.split('').forEach((c, i) => (VIN_VALUES[c] = i + 2));
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** VIN check digit (position 9), mandatory in North America. */
export function validVin(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(s) || !/\d/.test(s) || !/[A-Z]/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = s[i]!;
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : (VIN_VALUES[ch] ?? 0);
    sum += v * VIN_WEIGHTS[i]!;
  }
  const check = sum % 11;
  return (check === 10 ? 'X' : String(check)) === s[8];
}
