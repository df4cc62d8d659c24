/**
 * Word lists compiled into the model file, looked up by the FNV hash of the lowercased token so
 * lookups never build a string. Each category is one bit of the token's gazetteer mask.
 */
import { FNV_OFFSET, fnvStep } from './hash.js';
import { lowerCode } from './chars.js';

export const GAZ_CATEGORIES = [
  'first',
  'last',
  'country',
  'city',
  'state',
  'dict',
  'org',
  'title',
  'name',
  'common',
] as const;
export type GazCategory = (typeof GAZ_CATEGORIES)[number];
/** A model file written before a category existed lacks it: it is then empty. */
export type GazetteerLists = Partial<Record<GazCategory, string[]>>;

export class Gazetteer {
  // Open-addressing hash table (linear probing); key 0 marks an empty slot.
  private readonly keys: Uint32Array;
  private readonly masks: Uint16Array;
  private readonly slotMask: number;
  private readonly shift: number; // 32 - log2(size): the slot is the top bits of the mixed hash

  constructor(lists: GazetteerLists) {
    const total = GAZ_CATEGORIES.reduce((n, cat) => n + (lists[cat]?.length ?? 0), 0);
    let size = 16;
    while (size < total * 2) size *= 2;
    this.keys = new Uint32Array(size);
    this.masks = new Uint16Array(size);
    this.slotMask = size - 1;
    this.shift = 32 - Math.log2(size);
    GAZ_CATEGORIES.forEach((cat, bit) => {
      for (const word of lists[cat] ?? []) this.add(lowerHash(word, 0, word.length), 1 << bit);
    });
  }

  private slot(hash: number): number {
    const key = hash || 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.keys[i] !== 0 && this.keys[i] !== key) i = (i + 1) & this.slotMask;
    return i;
  }

  private add(hash: number, bit: number): void {
    const i = this.slot(hash);
    this.keys[i] = hash || 1;
    this.masks[i] = (this.masks[i] as number) | bit;
  }

  /** Category bits of a token given its lowercase hash (0 when unknown). */
  mask(hash: number): number {
    return this.masks[this.slot(hash)] as number;
  }
}

/** FNV-1a of the lowercased text[s, e), digits folded to '0' so numbers share features. */
export function lowerHash(text: string, s: number, e: number): number {
  let h = FNV_OFFSET;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    h = fnvStep(h, c >= 48 && c <= 57 ? 48 : lowerCode(c));
  }
  return h;
}

/** Lowercase, split multi-word entries into words, sort and dedupe: the stored form. */
export function normalizeList(entries: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    for (const w of e.toLowerCase().split(/[\s,()]+/u)) {
      if (w.length > 1 && /\p{L}/u.test(w)) out.add(w);
    }
  }
  return [...out].sort();
}
