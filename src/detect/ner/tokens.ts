/**
 * A growable struct-of-arrays token list. Tokens are [start, end) offsets into one text, so the
 * feature extractor reads characters straight from the text and no token strings are built.
 */
export const F_BLOCKED = 1; // may never be part of any name (URL, e-mail, hash, UUID, long id)
export const F_DIGIT = 2; // contains a digit: never part of a PERSON
export const F_LETTER = 4; // contains a letter
export const F_NEWLINE_BEFORE = 8; // a line break precedes this token
export const F_SENT_END = 16; // sentence-final punctuation

export class TokenBuffer {
  n = 0;
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;

  constructor(capacity = 256) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  clear(): void {
    this.n = 0;
  }

  push(start: number, end: number, flags: number): void {
    if (this.n === this.start.length) this.grow();
    this.start[this.n] = start;
    this.end[this.n] = end;
    this.flags[this.n] = flags;
    this.n++;
  }

  private grow(): void {
    const cap = this.start.length * 2;
    const s = new Int32Array(cap);
    const e = new Int32Array(cap);
    const f = new Uint8Array(cap);
    s.set(this.start);
    e.set(this.end);
    f.set(this.flags);
    this.start = s;
    this.end = e;
    this.flags = f;
  }
}

/** Tokens of pre-tokenized training text: joined with single spaces so offsets are exact. */
export function fromWords(words: readonly string[]): { text: string; tokens: TokenBuffer } {
  const tokens = new TokenBuffer(Math.max(4, words.length));
  let pos = 0;
  for (const w of words) {
    tokens.push(pos, pos + w.length, 0);
    pos += w.length + 1;
  }
  const text = words.join(' ');
  tokens.n = 0;
  for (let i = 0; i < words.length; i++) {
    const s = tokens.start[i] as number;
    const e = tokens.end[i] as number;
    tokens.push(s, e, tokenFlags(text, s, e));
  }
  return { text, tokens };
}

/** Classify one token: which characters it holds and whether it looks machine-made. */
export function tokenFlags(text: string, s: number, e: number): number {
  let letters = 0;
  let digits = 0;
  let upper = 0;
  let lower = 0;
  let hexOnly = true;
  let special = false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c > 127 && /\p{L}/u.test(text[i] as string)) letters++;
    if (c === 64 || (c === 58 && text.charCodeAt(i + 1) === 47)) special = true; // '@' or ':/'
    const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45;
    if (!hex) hexOnly = false;
  }
  letters += upper + lower;
  const len = e - s;
  let flags = (digits > 0 ? F_DIGIT : 0) | (letters > 0 ? F_LETTER : 0);
  const machine =
    (special && letters > 0 && len > 3 && text.charCodeAt(s) !== 64) ||
    (hexOnly && digits > 0 && len >= 6) ||
    (digits > 0 && letters > 0 && len >= 8) ||
    (len >= 20 && upper > 0 && lower > 0) ||
    len > 30;
  if (machine) flags |= F_BLOCKED;
  return flags;
}
