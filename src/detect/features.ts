/**
 * One linear pass over a text that counts the characters recognizers anchor on and notes which
 * trigger words start a word, so each recognizer can skip a text it cannot match instead of
 * scanning it with a regex (a regex scan costs about as much as this whole pass).
 *
 * Every gate built on these features must be a necessary condition of its regex matching.
 * Trigger words are compared on their first three characters, lower-cased, at any position not
 * preceded by an ASCII letter: a superset of where `\b`, `\s` or `(?<!\p{L})` lets a word start.
 */

const isAsciiLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;
/** NaN (past the end) is no digit. */
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Bit masks of registered trigger groups, keyed by the first one, two or three characters. The
 * characters are numbered compactly (1..63, 0 for a character in no trigger word's first three),
 * so the tables stay small enough to stay in cache between texts.
 */
const SYMBOLS = 64;
const SYMBOL = new Uint8Array(256);
let symbols = 0;
const ONE = new Uint32Array(SYMBOLS);
const TWO = new Uint32Array(SYMBOLS * SYMBOLS);
/** Three-character keys: a row of masks per two-character prefix (row numbers from 1). */
const THREE_ROW = new Uint16Array(SYMBOLS * SYMBOLS);
let THREE = new Uint32Array(SYMBOLS * 64);
let threeRows = 0;

/** The compact number of a lower-cased Latin-1 character, assigned on first use. */
function symbol(lower: number): number {
  if (SYMBOL[lower] === 0) {
    if (symbols === SYMBOLS - 1) throw new Error('too many distinct characters in trigger words');
    SYMBOL[lower] = ++symbols;
  }
  return SYMBOL[lower]!;
}
let groups = 0;
/** Groups whose hits are confirmed by a check at the word start, and those checks by bit index. */
let verified = 0;
const VERIFY: Array<((text: string, i: number) => boolean) | undefined> = [];

/**
 * Lower-cases a UTF-16 unit into 1..255 (0 for everything no trigger word contains). Below U+0100
 * it is exactly `toLowerCase` (Latin-1 lower-cases within Latin-1), which the context word tables
 * rely on too.
 */
export const LOWER = new Uint8Array(65536);
for (let c = 1; c < 256; c++) {
  const l = String.fromCharCode(c).toLowerCase();
  LOWER[c] = l.length === 1 && l.charCodeAt(0) < 256 ? l.charCodeAt(0) : c;
}
for (let c = 256; c < 65536; c++) {
  const l = String.fromCharCode(c).toLowerCase();
  if (l.length === 1 && l.charCodeAt(0) < 256) LOWER[c] = l.charCodeAt(0);
}
// Unicode case folding (the `iu` flags) also equates these with ASCII letters.
LOWER[0x017f] = 0x73; // long s ~ s
LOWER[0x212a] = 0x6b; // Kelvin sign ~ k

/**
 * Registers a group of trigger words and returns its bit. A text's `words` feature has the bit
 * when one of the words may start there (case-insensitive). Every word must be written in
 * characters below U+0100. `verify`, when given, is called at each such word start `i` and the
 * hit only counts when it returns true: it must hold wherever the gated regex can match at `i`
 * (e.g. the whole word is one of a case-sensitive list), so the gate stays a necessary condition.
 */
export function triggerGroup(
  words: readonly string[],
  verify?: (text: string, i: number) => boolean,
): number {
  if (groups >= 31) throw new Error('too many trigger groups');
  VERIFY[groups] = verify;
  const bit = 1 << groups++;
  if (verify) verified |= bit;
  for (const word of words) {
    const w = word.toLowerCase();
    const first = w.charCodeAt(0);
    if (!(isAsciiLetter(first) || first >= 128) || [...w.slice(0, 3)].some((ch) => ch.charCodeAt(0) > 255))
      throw new Error(`trigger word ${JSON.stringify(word)} must start with a letter and be Latin-1`);
    const a = symbol(w.charCodeAt(0));
    if (w.length === 1) {
      ONE[a]! |= bit;
      continue;
    }
    const ab = a * SYMBOLS + symbol(w.charCodeAt(1));
    if (w.length === 2) {
      TWO[ab]! |= bit;
      continue;
    }
    if (THREE_ROW[ab] === 0) {
      THREE_ROW[ab] = ++threeRows;
      if (threeRows * SYMBOLS > THREE.length) {
        const grown = new Uint32Array(THREE.length * 2);
        grown.set(THREE);
        THREE = grown;
      }
    }
    THREE[(THREE_ROW[ab]! - 1) * SYMBOLS + symbol(w.charCodeAt(2))]! |= bit;
  }
  return bit;
}

/** Cheap facts about a text, computed once, that let recognizers skip texts they cannot match. */
export interface TextFeatures {
  digit: boolean;
  upper: boolean;
  at: boolean;
  colon: boolean;
  dot: boolean;
  /** Counts of ASCII digits, ASCII upper-case letters and separators. */
  digits: number;
  uppers: number;
  dots: number;
  dashes: number;
  colons: number;
  commas: number;
  slashes: number;
  underscores: number;
  equals: number;
  /** Characters above U+007F (other than the counted ones). */
  nonAscii: number;
  /** Longest runs of ASCII digits, of ASCII letters and digits, of upper-case letters and digits. */
  maxDigitRun: number;
  maxAlnumRun: number;
  maxUpperDigitRun: number;
  /** Longest run of ASCII upper-case letters. */
  maxUpperRun: number;
  /** Maximal ASCII digit runs of exactly five and exactly six digits. */
  digitRuns5: number;
  digitRuns6: number;
  /** Dots and colons with an ASCII digit on both sides ("1.5", "10:30"). */
  digitDots: number;
  digitColons: number;
  /** `SHAPE_*` bits of the pieces found. */
  shapes: number;
  /** Bits of the trigger groups (`triggerGroup`) one of whose words may start in the text. */
  words: number;
}

/** The symbol of the character at `i` (0 past the end or for characters in no trigger word). */
const symbolAt = (text: string, i: number): number =>
  i < text.length ? SYMBOL[LOWER[text.charCodeAt(i)]!]! : 0;

/** The trigger bits of words starting at `i` (first character's symbol `a`, not 0). */
function wordBits(text: string, i: number, a: number, have: number): number {
  let bits = ONE[a]!;
  const b = symbolAt(text, i + 1);
  if (b !== 0) {
    const ab = a * SYMBOLS + b;
    bits |= TWO[ab]!;
    const row = THREE_ROW[ab]!;
    if (row !== 0) {
      const c = symbolAt(text, i + 2);
      if (c !== 0) bits |= THREE[(row - 1) * SYMBOLS + c]!;
    }
  }
  // Verified groups already found need no second check.
  return (bits & verified & ~have) === 0 ? bits : verifyBits(text, i, bits, have);
}

/** Drops the verified groups whose check fails at `i`. */
function verifyBits(text: string, i: number, bits: number, have: number): number {
  let pending = bits & verified & ~have;
  while (pending !== 0) {
    const bit = pending & -pending;
    pending ^= bit;
    if (!VERIFY[31 - Math.clz32(bit)]!(text, i)) bits &= ~bit;
  }
  return bits;
}

/*
 * Shapes: short fixed pieces some regexes cannot match without, noted where the pass meets the
 * character they turn on (a digit after a space, a separator between digits), so the checks cost
 * nothing on text without those characters. Each comment gives the regex piece it stands for.
 */
/** "\s\d" right after a German street suffix (straße, weg, platz, ...). */
export const SHAPE_DE_STREET = 1 << 0;
/** "\s\d" followed by two upper-case letters (UK inward postcode). */
export const SHAPE_UK_INWARD = 1 << 1;
/** "AB 12 " (spaced NINO). */
export const SHAPE_NINO = 1 << 2;
/** Upper-case letter, digit, upper-case letter (Canadian postcode). */
export const SHAPE_LETTER_DIGIT_LETTER = 1 << 3;
/** Two upper-case letters, two digits (IBAN start). */
export const SHAPE_IBAN_START = 1 << 4;
/** "d/d/", "dd.d.", "d-dd-": a separator between digits repeated after one or two digits. */
export const SHAPE_DATE_SEPARATORS = 1 << 5;
/** "dd-dd-" (ISO date). */
export const SHAPE_ISO_DASHES = 1 << 6;
/** "hh:hh:" or "hh-hh-" of hex digits (MAC address). */
export const SHAPE_HEX_PAIRS = 1 << 7;
/** "hhhh.hhhh." of hex digits (dotted MAC address). */
export const SHAPE_HEX_QUADS = 1 << 8;
/** Two colons at most five characters apart with only hex digits between (IPv6). */
export const SHAPE_HEX_COLONS = 1 << 9;

const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);

/**
 * The character code at `i`, -1 outside the text. Out-of-range `charCodeAt` gives NaN, which
 * every test here treats as -1 (no digit, letter, hex digit, space or separator); reading past
 * the end with it would make V8 recompile the pass for non-integer codes.
 */
const codeAt = (text: string, i: number): number => (i >= 0 && i < text.length ? text.charCodeAt(i) : -1);

/** Exactly JavaScript's `\s` (the same with and without the `u` flag). */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Every ending of `[Ss]traße|[Ss]trasse|[Ss]tr\.|[Ww]eg|[Aa]llee|[Pp]latz|[Gg]asse|[Rr]ing|[Dd]amm`. */
const DE_SUFFIXES = [
  'traße',
  'trasse',
  'tr.',
  'Weg',
  'weg',
  'llee',
  'latz',
  'asse',
  'Ring',
  'ring',
  'Damm',
  'damm',
];

/** Shapes that start at the digit `i` when a space precedes it. */
function afterSpace(text: string, i: number): number {
  let shapes = 0;
  const space = i - 1;
  const last = codeAt(text, space - 1);
  // e, '.', g, z, m: the last letters of the suffixes.
  if (
    (last === 101 || last === 46 || last === 103 || last === 122 || last === 109) &&
    DE_SUFFIXES.some((s) => text.startsWith(s, space - s.length))
  )
    shapes |= SHAPE_DE_STREET;
  if (isUpperCode(codeAt(text, i + 1)) && isUpperCode(codeAt(text, i + 2))) shapes |= SHAPE_UK_INWARD;
  if (
    codeAt(text, space) === 32 &&
    isUpperCode(codeAt(text, space - 1)) &&
    isUpperCode(codeAt(text, space - 2)) &&
    isDigit(codeAt(text, i + 1)) &&
    codeAt(text, i + 2) === 32
  )
    shapes |= SHAPE_NINO;
  return shapes;
}

/** Shapes around the separator `c` at `i` ('.', '-', '/' or ':'); `digitBefore`: text[i-1] is a digit. */
function atSeparator(text: string, i: number, c: number, digitBefore: boolean): number {
  let shapes = 0;
  const n1 = codeAt(text, i + 1);
  if (c !== 58 && digitBefore && isDigit(n1)) {
    const n2 = codeAt(text, i + 2);
    if (n2 === c || (isDigit(n2) && codeAt(text, i + 3) === c)) shapes |= SHAPE_DATE_SEPARATORS;
    if (c === 45 && isDigit(n2) && codeAt(text, i + 3) === 45 && isDigit(codeAt(text, i - 2)))
      shapes |= SHAPE_ISO_DASHES;
  }
  if (c === 58 || c === 45) {
    if (
      codeAt(text, i + 3) === c &&
      isHex(n1) &&
      isHex(codeAt(text, i + 2)) &&
      isHex(codeAt(text, i - 1)) &&
      isHex(codeAt(text, i - 2))
    )
      shapes |= SHAPE_HEX_PAIRS;
    if (c === 58) {
      for (let k = 1; k <= 5; k++) {
        const d = codeAt(text, i + k);
        if (d === 58) {
          shapes |= SHAPE_HEX_COLONS;
          break;
        }
        if (!isHex(d)) break;
      }
    }
  } else if (c === 46 && codeAt(text, i + 5) === 46) {
    let quads = true;
    for (let k = 1; k <= 4 && quads; k++) quads = isHex(codeAt(text, i - k)) && isHex(codeAt(text, i + k));
    if (quads) shapes |= SHAPE_HEX_QUADS;
  }
  return shapes;
}

export function textFeatures(text: string): TextFeatures {
  let digits = 0;
  let uppers = 0;
  let ats = 0;
  let colons = 0;
  let dots = 0;
  let dashes = 0;
  let slashes = 0;
  let underscores = 0;
  let equals = 0;
  let commas = 0;
  let others = 0;
  let words = 0;
  let shapes = 0;
  let digitRun = 0;
  let maxDigitRun = 0;
  let alnumRun = 0;
  let maxAlnumRun = 0;
  let upperDigitRun = 0;
  let maxUpperDigitRun = 0;
  let upperRun = 0;
  let maxUpperRun = 0;
  let digitRuns5 = 0;
  let digitRuns6 = 0;
  let digitDots = 0;
  let digitColons = 0;
  let prevLetter = false;
  let prev = 0;
  for (let i = 0; i < text.length; i++) {
    const c = codeAt(text, i);
    const letter = isAsciiLetter(c);
    if (c >= 48 && c <= 57) {
      if (digitRun === 0) {
        // The first digit of a run: what stands before it.
        if (prev <= 32 || prev >= 0xa0 ? isSpaceCode(prev) && i > 0 : false) shapes |= afterSpace(text, i);
        else if (upperRun > 0) {
          if (isUpperCode(codeAt(text, i + 1))) shapes |= SHAPE_LETTER_DIGIT_LETTER;
          if (upperRun >= 2 && isDigit(codeAt(text, i + 1))) shapes |= SHAPE_IBAN_START;
        }
      }
      digits++;
      digitRun++;
      alnumRun++;
      upperDigitRun++;
      upperRun = 0;
      if (digitRun > maxDigitRun) maxDigitRun = digitRun;
    } else {
      if (digitRun === 5) digitRuns5++;
      else if (digitRun === 6) digitRuns6++;
      if (letter) {
        alnumRun++;
        if (c <= 90) {
          uppers++;
          upperDigitRun++;
          if (++upperRun > maxUpperRun) maxUpperRun = upperRun;
        } else {
          upperDigitRun = 0;
          upperRun = 0;
        }
      } else {
        alnumRun = 0;
        upperDigitRun = 0;
        upperRun = 0;
        if (c === 46) {
          dots++;
          if (digitRun > 0 && isDigit(codeAt(text, i + 1))) digitDots++;
          shapes |= atSeparator(text, i, c, digitRun > 0);
        } else if (c === 45) {
          dashes++;
          shapes |= atSeparator(text, i, c, digitRun > 0);
        } else if (c === 58) {
          colons++;
          if (digitRun > 0 && isDigit(codeAt(text, i + 1))) digitColons++;
          shapes |= atSeparator(text, i, c, digitRun > 0);
        } else if (c === 44) commas++;
        else if (c === 47) {
          slashes++;
          shapes |= atSeparator(text, i, c, digitRun > 0);
        } else if (c === 64) ats++;
        else if (c === 95) underscores++;
        else if (c === 61) equals++;
        else if (c >= 128) others++;
      }
      digitRun = 0;
    }
    if (alnumRun > maxAlnumRun) maxAlnumRun = alnumRun;
    if (upperDigitRun > maxUpperDigitRun) maxUpperDigitRun = upperDigitRun;
    // Non-ASCII letters are \W to a non-unicode `\b`, so a word may start there after any letter.
    if (letter ? !prevLetter : c >= 128) {
      const a = SYMBOL[LOWER[c]!]!;
      if (a !== 0) words |= wordBits(text, i, a, words);
    }
    prevLetter = letter;
    prev = c;
    if (c >= 97 && c <= 122) {
      // The rest of a run of lower-case ASCII letters (most of any text) only lengthens alnumRun.
      let j = i + 1;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d < 97 || d > 122) break;
        j++;
      }
      if (j > i + 1) {
        alnumRun += j - i - 1;
        if (alnumRun > maxAlnumRun) maxAlnumRun = alnumRun;
        prev = text.charCodeAt(j - 1);
        i = j - 1;
      }
    }
  }
  if (digitRun === 5) digitRuns5++;
  else if (digitRun === 6) digitRuns6++;
  return {
    digit: digits > 0,
    upper: uppers > 0,
    at: ats > 0,
    colon: colons > 0,
    dot: dots > 0,
    digits,
    uppers,
    dots,
    dashes,
    colons,
    commas,
    slashes,
    underscores,
    equals,
    nonAscii: others,
    maxDigitRun,
    maxAlnumRun,
    maxUpperDigitRun,
    maxUpperRun,
    digitRuns5,
    digitRuns6,
    digitDots,
    digitColons,
    shapes,
    words,
  };
}
