/**
 * A set of lower-case words that can also be asked about a span of Latin-1 text as if it were
 * lower-cased, without slicing it: context windows ask about every word near every finding, and
 * building a lower-cased string per word was most of the cost of scoring context.
 */

/** Lower-case of each Latin-1 character: one Latin-1 character each (checked here). */
const LOWER = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const l = String.fromCharCode(c).toLowerCase();
  if (l.length !== 1 || l.charCodeAt(0) > 255) throw new Error(`Latin-1 lower case of ${c}`);
  LOWER[c] = l.charCodeAt(0);
}

const mix = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

export class WordTable {
  private readonly words: string[];
  /** Open addressing: the index + 1 of the word in `words` (0: empty slot). */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>) {
    this.words = [...new Set(words)];
    let size = 8;
    while (size < this.words.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.words.forEach((w, i) => {
      let h = 0x811c9dc5;
      for (let k = 0; k < w.length; k++) h = mix(h, w.charCodeAt(k));
      let slot = (h >>> 0) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i + 1;
    });
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    let h = 0x811c9dc5;
    for (let k = 0; k < word.length; k++) h = mix(h, word.charCodeAt(k));
    for (let slot = (h >>> 0) & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      if (this.words[this.slots[slot]! - 1] === word) return true;
    }
    return false;
  }

  /** `has(text.slice(from, to).toLowerCase())` for a span of characters below U+0100. */
  hasLatin1(text: string, from: number, to: number): boolean {
    let h = 0x811c9dc5;
    for (let k = from; k < to; k++) h = mix(h, LOWER[text.charCodeAt(k)]!);
    for (let slot = (h >>> 0) & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const w = this.words[this.slots[slot]! - 1]!;
      if (w.length === to - from && sameLowered(w, text, from)) return true;
    }
    return false;
  }
}

function sameLowered(word: string, text: string, from: number): boolean {
  for (let k = 0; k < word.length; k++)
    if (word.charCodeAt(k) !== LOWER[text.charCodeAt(from + k)]) return false;
  return true;
}
