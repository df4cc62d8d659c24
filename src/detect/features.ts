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

/** Bit masks of registered trigger groups, keyed by the first one, two or three characters. */
const ONE = new Uint32Array(256);
const TWO = new Uint32Array(65536);
const HAS_THREE = new Uint8Array(65536);
const THREE = new Map<number, number>();
let groups = 0;

/** Lower-cases a UTF-16 unit into 1..255 (0 for everything no trigger word contains). */
const LOWER = new Uint8Array(65536);
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
 * characters below U+0100.
 */
export function triggerGroup(words: readonly string[]): number {
  if (groups >= 31) throw new Error('too many trigger groups');
  const bit = 1 << groups++;
  for (const word of words) {
    const w = word.toLowerCase();
    const first = w.charCodeAt(0);
    if (!(isAsciiLetter(first) || first >= 128) || [...w.slice(0, 3)].some((ch) => ch.charCodeAt(0) > 255))
      throw new Error(`trigger word ${JSON.stringify(word)} must start with a letter and be Latin-1`);
    const a = w.charCodeAt(0);
    if (w.length === 1) {
      ONE[a]! |= bit;
      continue;
    }
    const ab = (a << 8) | w.charCodeAt(1);
    if (w.length === 2) {
      TWO[ab]! |= bit;
      continue;
    }
    HAS_THREE[ab] = 1;
    const key = (ab << 8) | w.charCodeAt(2);
    THREE.set(key, (THREE.get(key) ?? 0) | bit);
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
  /** Bits of the trigger groups (`triggerGroup`) one of whose words may start in the text. */
  words: number;
}

/** The trigger bits of words starting at `i` (first character already lower-cased as `a`). */
function wordBits(text: string, i: number, a: number): number {
  let bits = ONE[a]!;
  const b = LOWER[text.charCodeAt(i + 1) || 0]!;
  if (b === 0) return bits;
  const ab = (a << 8) | b;
  bits |= TWO[ab]!;
  if (HAS_THREE[ab] === 0) return bits;
  const c = LOWER[text.charCodeAt(i + 2) || 0]!;
  return c === 0 ? bits : bits | (THREE.get((ab << 8) | c) ?? 0);
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
  let digitRun = 0;
  let maxDigitRun = 0;
  let alnumRun = 0;
  let maxAlnumRun = 0;
  let upperDigitRun = 0;
  let maxUpperDigitRun = 0;
  let prevLetter = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = isAsciiLetter(c);
    if (c >= 48 && c <= 57) {
      digits++;
      digitRun++;
      alnumRun++;
      upperDigitRun++;
      if (digitRun > maxDigitRun) maxDigitRun = digitRun;
    } else {
      if (letter) {
        alnumRun++;
        if (c <= 90) {
          uppers++;
          upperDigitRun++;
        } else upperDigitRun = 0;
      } else {
        alnumRun = 0;
        upperDigitRun = 0;
        if (c === 46) dots++;
        else if (c === 45) dashes++;
        else if (c === 58) colons++;
        else if (c === 44) commas++;
        else if (c === 47) slashes++;
        else if (c === 64) ats++;
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
      const a = LOWER[c]!;
      if (a !== 0) words |= wordBits(text, i, a);
    }
    prevLetter = letter;
  }
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
    words,
  };
}
