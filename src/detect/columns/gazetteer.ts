import type { NameModel } from '../name-model.js';
import { lowerHash } from '../ner/gazetteer.js';

/**
 * Word lists of the bundled name model (first and last names, cities, regions, countries, common
 * words), used to read short column values such as "Lyon" or "Dupont" that have no sentence around them.
 */
export interface WordLists {
  place(text: string): boolean;
  person(text: string): boolean;
}

const FIRST = 1 << 0;
const LAST = 1 << 1;
const PLACE = (1 << 2) | (1 << 3) | (1 << 4);
const DICT = 1 << 5;

interface MaskSource {
  mask(hash: number): number;
}

/** The lists of a model built by src/detect/ner, or undefined for other name models. */
export function wordLists(model: NameModel | undefined): WordLists | undefined {
  const gazetteer = (model as { params?: { gazetteer?: MaskSource } } | undefined)?.params?.gazetteer;
  if (!gazetteer || typeof gazetteer.mask !== 'function') return undefined;
  const masks = (text: string): number[] =>
    text
      .split(/[\s-]+/)
      .filter((t) => t.length > 2)
      .map((t) => gazetteer.mask(lowerHash(t, 0, t.length)));
  return {
    place: (text) => {
      const m = masks(text);
      return m.length > 0 && m.every((x) => (x & PLACE) !== 0);
    },
    person: (text) => {
      const m = masks(text);
      return (
        m.length > 0 &&
        m.some((x) => (x & FIRST) !== 0) &&
        m.every((x) => (x & (FIRST | LAST)) !== 0 && (x & DICT) === 0)
      );
    },
  };
}
