import { contextWordsFor, NEGATIVE_APPLIES, NEGATIVE_WORDS } from './context-words.js';
import { WordTable } from './word-table.js';

export interface ContextOptions {
  /** Words looked at before and after a match. */
  before: number;
  after: number;
  /** Added to the score when a supporting word is near; subtracted for a negative word. */
  boost: number;
  penalty: number;
}

export const DEFAULT_CONTEXT: ContextOptions = { before: 5, after: 3, boost: 0.35, penalty: 0.3 };

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'#-]{0,40}/gu;
/** Characters scanned each side: enough for the word window, bounded so cost stays constant. */
const CHARS_PER_WORD = 16;

const SENTENCE_END = /[.!?。！？](?:\s|$)|\n/;
const SPACE = /\s/;
const TRAILING = /[#'-]+$/;

const isStop = (c: string): boolean =>
  c === '.' || c === '!' || c === '?' || c === '。' || c === '！' || c === '？';

/**
 * Where the text after the last sentence end starts (-1 when there is none): the end of the last
 * match of SENTENCE_END, found scanning backwards without building match objects. Overlapping
 * candidates (".\n") end at the same place, so the last end is the largest one.
 */
function lastSentenceEnd(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i]!;
    if (c === '\n') {
      // "!\n" ends where "\n" does; a stop before it does not move the cut.
      return i + 1;
    }
    if (isStop(c) && i + 1 === s.length) return i + 1;
    if (isStop(c) && SPACE.test(s[i + 1]!)) return i + 2;
  }
  return -1;
}

/** The lower-cased words of the context window around text[start, end). */
export function windowWords(text: string, start: number, end: number, opts: ContextOptions): string[] {
  return contextWindow(text, start, end, opts).words();
}

/**
 * The words of a context window. A Latin-1 window (most of them) keeps its words' bounds in the
 * text and is compared with word lists in place; any other holds its lower-cased words.
 */
export class ContextWindow {
  constructor(
    private readonly text: string,
    /** Start and end of each word, in pairs (Latin-1 windows). */
    private readonly bounds: readonly number[],
    private lowered: string[] | undefined,
  ) {}

  /** The lower-cased words (built on first use for a Latin-1 window). */
  words(): string[] {
    if (!this.lowered) {
      this.lowered = [];
      for (let i = 0; i < this.bounds.length; i += 2)
        this.lowered.push(this.text.slice(this.bounds[i], this.bounds[i + 1]).toLowerCase());
    }
    return this.lowered;
  }

  /** Is a word of the window in `table`? With `stripTrailing`, also a word without its TRAILING. */
  some(table: WordTable, stripTrailing: boolean): boolean {
    if (table.size === 0) return false;
    if (this.lowered) {
      for (const w of this.lowered) {
        if (table.has(w)) return true;
        if (stripTrailing && isJoiner(w.charCodeAt(w.length - 1)) && table.has(w.replace(TRAILING, '')))
          return true;
      }
      return false;
    }
    const b = this.bounds;
    for (let i = 0; i < b.length; i += 2) {
      const from = b[i]!;
      let to = b[i + 1]!;
      if (table.hasLatin1(this.text, from, to)) return true;
      // Only a word ending in a joiner has a TRAILING part to strip.
      if (!stripTrailing || !isJoiner(this.text.charCodeAt(to - 1))) continue;
      while (to > from && isJoiner(this.text.charCodeAt(to - 1))) to--;
      if (table.hasLatin1(this.text, from, to)) return true;
    }
    return false;
  }
}

/** The characters TRAILING strips: number sign, apostrophe, hyphen. */
const isJoiner = (c: number): boolean => c === 35 || c === 39 || c === 45;

function contextWindow(text: string, start: number, end: number, opts: ContextOptions): ContextWindow {
  const bounds = latin1WindowBounds(text, start, end, opts);
  return bounds
    ? new ContextWindow(text, bounds, undefined)
    : new ContextWindow(text, [], unicodeWindowWords(text, start, end, opts));
}

/**
 * Word characters of Latin-1, judged on the lower-cased character as the unicode path does (in
 * Latin-1, lower-casing maps each character to one character, so per-character and whole-string
 * lower-casing agree).
 */
const WORD_START = new Uint8Array(256);
const WORD_PART = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c).toLowerCase();
  WORD_START[c] = /[\p{L}\p{N}]/u.test(ch) ? 1 : 0;
  WORD_PART[c] = /[\p{L}\p{N}'#-]/u.test(ch) ? 1 : 0;
}
/** `\s` within Latin-1. */
const isLatin1Space = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
const isStopCode = (c: number): boolean => c === 46 || c === 33 || c === 63;

/**
 * The bounds of `unicodeWindowWords`'s words for a window of Latin-1 text (most of them), without
 * slicing, lower-casing or regex matching it; undefined when a character above U+00FF is in
 * reach. Same cuts, same word rule (a letter or digit, then up to 40 letters, digits, ', # or -).
 */
function latin1WindowBounds(
  text: string,
  start: number,
  end: number,
  opts: ContextOptions,
): number[] | undefined {
  const leftFrom = Math.max(0, start - opts.before * CHARS_PER_WORD);
  const rightTo = Math.min(text.length, end + opts.after * CHARS_PER_WORD);
  // The left cut: just after the last newline, or after the last stop followed by a space or
  // ending the window (scanning backwards, the first of these found). Characters beyond a cut
  // do not matter, so only the scanned ones must be Latin-1.
  let from = leftFrom;
  for (let i = start - 1; i >= leftFrom; i--) {
    const c = text.charCodeAt(i);
    if (c >= 256) return undefined;
    if (c === 10) {
      from = i + 1;
      break;
    }
    if (isStopCode(c)) {
      if (i + 1 === start) {
        from = i + 1;
        break;
      }
      if (isLatin1Space(text.charCodeAt(i + 1))) {
        from = i + 2;
        break;
      }
    }
  }
  // The right cut: the first newline, or stop followed by a space or ending the window.
  let to = rightTo;
  for (let i = end; i < rightTo; i++) {
    const c = text.charCodeAt(i);
    if (c >= 256) return undefined;
    if (c === 10 || (isStopCode(c) && (i + 1 === rightTo || isLatin1Space(text.charCodeAt(i + 1))))) {
      to = i;
      break;
    }
  }
  const bounds: number[] = [];
  latin1Words(text, from, start, Infinity, bounds);
  // Only the last `opts.before` words before the match count.
  if (bounds.length > 2 * opts.before) bounds.splice(0, bounds.length - 2 * opts.before);
  latin1Words(text, end, to, opts.after, bounds);
  return bounds;
}

/** Appends the bounds of the WORD matches in text[from, to), at most `max` of them (Latin-1 text). */
function latin1Words(text: string, from: number, to: number, max: number, out: number[]): void {
  let i = from;
  for (let found = 0; found < max; found++) {
    while (i < to && WORD_START[text.charCodeAt(i)] === 0) i++;
    if (i >= to) return;
    let j = i + 1;
    const limit = Math.min(to, i + 41);
    while (j < limit && WORD_PART[text.charCodeAt(j)] === 1) j++;
    out.push(i, j);
    i = j;
  }
}

/** The reference: slices, lower-cases and regex-matches the window (any text). */
export function unicodeWindowWords(text: string, start: number, end: number, opts: ContextOptions): string[] {
  // Context stays within the sentence: "call +1 415... Order #3591" must not make the order a phone.
  let left = text.slice(Math.max(0, start - opts.before * CHARS_PER_WORD), start).toLowerCase();
  let right = text.slice(end, end + opts.after * CHARS_PER_WORD).toLowerCase();
  const leftCut = lastSentenceEnd(left);
  if (leftCut >= 0) left = left.slice(leftCut);
  const rightCut = right.search(SENTENCE_END);
  if (rightCut >= 0) right = right.slice(0, rightCut);
  const before = left.match(WORD) ?? [];
  const after = right.match(WORD) ?? [];
  return [...before.slice(Math.max(0, before.length - opts.before)), ...after.slice(0, opts.after)];
}

/** An entity's context words as tables a window is compared with in place. */
interface ContextTables {
  words: WordTable;
  phraseStarts: WordTable;
  phrases: readonly string[];
}

const NEGATIVE = new WordTable(NEGATIVE_WORDS);

export class ContextScorer {
  private readonly cache = new Map<string, ContextTables>();

  constructor(
    private readonly opts: ContextOptions,
    private readonly extra: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  /** Is there a supporting word in the window? (Used for context-required recognizers too.) */
  support(entity: string, window: ContextWindow): boolean {
    const tables = this.tablesFor(entity);
    if (window.some(tables.words, true)) return true;
    // A phrase can only be in the window when its first word is.
    if (tables.phrases.length === 0 || !window.some(tables.phraseStarts, false)) return false;
    const joined = ` ${window.words().join(' ')} `;
    return tables.phrases.some((p) => joined.includes(` ${p} `));
  }

  negative(entity: string, window: ContextWindow): boolean {
    return NEGATIVE_APPLIES.has(entity) && window.some(NEGATIVE, false);
  }

  /** The score after context: raised by supporting words, lowered by negative ones. */
  rescore(entity: string, score: number, window: ContextWindow): { score: number; supported: boolean } {
    const supported = this.support(entity, window);
    let s = score;
    if (supported) s = Math.min(1, s + this.opts.boost);
    // A supporting word outweighs a negative one ("invoice ... my SIN 046...").
    if (!supported && this.negative(entity, window)) s = Math.max(0, s - this.opts.penalty);
    return { score: Math.round(s * 100) / 100, supported };
  }

  window(text: string, start: number, end: number): ContextWindow {
    return contextWindow(text, start, end, this.opts);
  }

  private tablesFor(entity: string): ContextTables {
    let tables = this.cache.get(entity);
    if (!tables) {
      const lists = contextWordsFor(entity, this.extra.get(entity));
      tables = {
        words: new WordTable(lists.words),
        phraseStarts: new WordTable(lists.phraseStarts),
        phrases: lists.phrases,
      };
      this.cache.set(entity, tables);
    }
    return tables;
  }
}
