import {
  contextWordsFor,
  NEGATIVE_APPLIES,
  NEGATIVE_WORDS,
  type EntityContextWords,
} from './context-words.js';

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

export function windowWords(text: string, start: number, end: number, opts: ContextOptions): string[] {
  // Context stays within the sentence: "call +1 415... Order #3591" must not make the order a phone.
  let left = text.slice(Math.max(0, start - opts.before * CHARS_PER_WORD), start).toLowerCase();
  let right = text.slice(end, end + opts.after * CHARS_PER_WORD).toLowerCase();
  const leftCut = lastSentenceEnd(left);
  if (leftCut >= 0) left = left.slice(leftCut);
  const rightCut = right.search(SENTENCE_END);
  if (rightCut >= 0) right = right.slice(0, rightCut);
  const before = left.match(WORD) ?? [];
  const after = right.match(WORD) ?? [];
  return [...before.slice(-opts.before), ...after.slice(0, opts.after)];
}

export class ContextScorer {
  private readonly cache = new Map<string, EntityContextWords>();

  constructor(
    private readonly opts: ContextOptions,
    private readonly extra: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  /** Is there a supporting word in the window? (Used for context-required recognizers too.) */
  support(entity: string, words: readonly string[]): boolean {
    const lists = this.wordsFor(entity);
    if (
      words.some((w) => lists.words.has(w) || (TRAILING.test(w) && lists.words.has(w.replace(TRAILING, ''))))
    )
      return true;
    if (lists.phrases.length === 0) return false;
    const joined = ` ${words.join(' ')} `;
    return lists.phrases.some((p) => joined.includes(` ${p} `));
  }

  negative(entity: string, words: readonly string[]): boolean {
    return NEGATIVE_APPLIES.has(entity) && words.some((w) => NEGATIVE_WORDS.has(w));
  }

  /** The score after context: raised by supporting words, lowered by negative ones. */
  rescore(entity: string, score: number, words: readonly string[]): { score: number; supported: boolean } {
    const supported = this.support(entity, words);
    let s = score;
    if (supported) s = Math.min(1, s + this.opts.boost);
    // A supporting word outweighs a negative one ("invoice ... my SIN 046...").
    if (!supported && this.negative(entity, words)) s = Math.max(0, s - this.opts.penalty);
    return { score: Math.round(s * 100) / 100, supported };
  }

  window(text: string, start: number, end: number): string[] {
    return windowWords(text, start, end, this.opts);
  }

  private wordsFor(entity: string): EntityContextWords {
    let lists = this.cache.get(entity);
    if (!lists) {
      lists = contextWordsFor(entity, this.extra.get(entity));
      this.cache.set(entity, lists);
    }
    return lists;
  }
}
