/**
 * Per-UTF-16-unit character classes and lowercase folding, cached in lookup tables so the hot
 * loops never allocate strings. Non-ASCII entries are filled lazily on first sight.
 */
export const C_OTHER = 1;
export const C_UPPER = 2;
export const C_LOWER = 3;
export const C_DIGIT = 4;
export const C_SPACE = 5;
export const C_LETTER = 6; // letter without case (e.g. CJK)

const classTable = new Uint8Array(65536);
const lowerTable = new Uint16Array(65536);

function classify(code: number): number {
  const ch = String.fromCharCode(code);
  if (/\s/u.test(ch)) return C_SPACE;
  if (/\p{Nd}/u.test(ch)) return C_DIGIT;
  if (/[\p{L}\p{M}]/u.test(ch)) {
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lo !== ch) return C_UPPER;
    if (up !== ch) return C_LOWER;
    return C_LETTER;
  }
  return C_OTHER;
}

function fill(code: number): void {
  const cls = classify(code);
  classTable[code] = cls;
  const lo = String.fromCharCode(code).toLowerCase();
  lowerTable[code] = lo.length === 1 ? lo.charCodeAt(0) : code;
}

export function charClass(code: number): number {
  const c = classTable[code] as number;
  if (c !== 0) return c;
  fill(code);
  return classTable[code] as number;
}

export function lowerCode(code: number): number {
  if (classTable[code] === 0) fill(code);
  return lowerTable[code] as number;
}

export function isLetterClass(cls: number): boolean {
  return cls === C_UPPER || cls === C_LOWER || cls === C_LETTER;
}

export function isWordClass(cls: number): boolean {
  return cls === C_UPPER || cls === C_LOWER || cls === C_LETTER || cls === C_DIGIT;
}

// ASCII is the common case: fill it eagerly.
for (let c = 0; c < 128; c++) fill(c);
