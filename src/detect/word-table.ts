/**
 * A set of lower-case words that can also be asked about a span of Latin-1 text as if it were
 * lower-cased, without slicing it: context windows ask about every word near every finding, and
 * building a lower-cased string per word was most of the cost of scoring context.
 */

import { LOWER } from './features.js';
import { FNV_OFFSET, fnvStep } from './ner/hash.js';

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
      let h = FNV_OFFSET;
      for (let k = 0; k < w.length; k++) h = fnvStep(h, w.charCodeAt(k));
      let slot = h & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i + 1;
    });
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    let h = FNV_OFFSET;
    for (let k = 0; k < word.length; k++) h = fnvStep(h, word.charCodeAt(k));
    for (let slot = h & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      if (this.words[this.slots[slot]! - 1] === word) return true;
    }
    return false;
  }

  /** `has(text.slice(from, to).toLowerCase())` for a span of characters below U+0100. */
  hasLatin1(text: string, from: number, to: number): boolean {
    let h = FNV_OFFSET;
    for (let k = from; k < to; k++) h = fnvStep(h, LOWER[text.charCodeAt(k)]!);
    for (let slot = h & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
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
