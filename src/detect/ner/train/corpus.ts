/** Parsers for the CoNLL-style training corpora (pure: text in, sentences out). */
import { tagIndex } from '../tags.js';

export interface Sentence {
  id: string;
  words: string[];
  tags: number[]; // indices into TAGS
}

const WNUT_MAP: Record<string, string | undefined> = {
  person: 'PER',
  location: 'LOC',
  corporation: 'ORG',
  group: 'ORG',
};

/** Map a source label (B-PER, I-location, ...) to our tag index; unmapped types become O. */
function mapLabel(label: string): number {
  const m = /^([BI])-(.+)$/u.exec(label);
  if (!m) return 0;
  const type = m[2] as string;
  const ours = ['PER', 'LOC', 'ORG'].includes(type) ? type : WNUT_MAP[type];
  return ours ? tagIndex(`${m[1]}-${ours}`) : 0;
}

/** Repair I- tags that do not continue a span (left by dropped types) into B- tags. */
function repair(tags: number[]): number[] {
  return tags.map((t, i) => {
    const inside = t === 2 || t === 4 || t === 6;
    const prev = i > 0 ? (tags[i - 1] as number) : 0;
    return inside && prev !== t && prev !== t - 1 ? t - 1 : t;
  });
}

/** Universal NER (UNER) IOB2: "# sent_id", token lines "idx\tword\tlabel\t...". */
export function parseUner(src: string): Sentence[] {
  const out: Sentence[] = [];
  let cur: Sentence = { id: '', words: [], tags: [] };
  const flush = (): void => {
    if (cur.words.length) out.push({ ...cur, tags: repair(cur.tags) });
    cur = { id: '', words: [], tags: [] };
  };
  for (const line of src.split('\n')) {
    if (line.startsWith('# sent_id = ')) cur.id = line.slice(12).trim();
    if (line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (cols.length < 3) {
      flush();
      continue;
    }
    cur.words.push(cols[1] as string);
    cur.tags.push(mapLabel((cols[2] as string).trim()));
  }
  flush();
  return out;
}

/** WNUT 2017: "word\tlabel", sentences separated by empty or tab-only lines. */
export function parseWnut(src: string, prefix: string): Sentence[] {
  const out: Sentence[] = [];
  let words: string[] = [];
  let tags: number[] = [];
  const flush = (): void => {
    if (words.length) out.push({ id: `${prefix}-${out.length}`, words, tags: repair(tags) });
    words = [];
    tags = [];
  };
  for (const line of src.split('\n')) {
    const cols = line.split('\t');
    const word = (cols[0] ?? '').trim();
    if (!word) {
      flush();
      continue;
    }
    words.push(word);
    tags.push(mapLabel((cols[1] ?? 'O').trim()));
  }
  flush();
  return out;
}
