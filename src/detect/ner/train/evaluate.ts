/** Exact-span precision/recall/F1 per entity and score calibration on gold-tokenized sentences. */
import { Platt, applyPlatt } from '../calibrate.js';
import { Decoder } from '../model.js';
import { tagsToSpans, TokenSpan } from '../spans.js';
import { NameEntity, entityOfTag } from '../tags.js';
import { fromWords } from '../tokens.js';
import { Sentence } from './corpus.js';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export interface Prf extends Counts {
  precision: number;
  recall: number;
  f1: number;
}
export interface ScoredSpan {
  entity: NameEntity;
  prob: number;
  correct: boolean; // exact boundaries and type
  overlaps: boolean; // same type and overlapping a gold span: what the detection engine counts
  sentence: number;
}
export interface EvalResult {
  perEntity: Record<NameEntity, Prf>;
  micro: Prf;
  spans: ScoredSpan[];
}

const ENTITIES: NameEntity[] = ['PERSON', 'LOCATION', 'ORGANIZATION'];

export function prf(c: Counts): Prf {
  const precision = c.tp / Math.max(1, c.tp + c.fp);
  const recall = c.tp / Math.max(1, c.tp + c.fn);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision, recall, f1 };
}

const key = (s: TokenSpan): string => `${s.begin}:${s.s}:${s.e}`;

export function evaluate(decoder: Decoder, sentences: readonly Sentence[]): EvalResult {
  const counts = new Map<NameEntity, Counts>(ENTITIES.map((e) => [e, { tp: 0, fp: 0, fn: 0 }]));
  const spans: ScoredSpan[] = [];
  const goldSpans: TokenSpan[] = [];
  sentences.forEach((sent, si) => {
    const { text, tokens } = fromWords(sent.words);
    tagsToSpans(Uint8Array.from(sent.tags), sent.words.length, goldSpans);
    const gold = new Set(goldSpans.map(key));
    const golds = [...goldSpans];
    const pred = decoder.decode(text, tokens, 0, sent.words.length);
    for (const p of pred) {
      const entity = entityOfTag(p.begin) as NameEntity;
      const correct = gold.delete(key(p));
      (counts.get(entity) as Counts)[correct ? 'tp' : 'fp']++;
      const overlaps = golds.some((g) => g.begin === p.begin && g.s < p.e && p.s < g.e);
      spans.push({ entity, prob: p.prob, correct, overlaps, sentence: si });
    }
    for (const g of gold) (counts.get(entityOfTag(Number(g.split(':')[0])) as NameEntity) as Counts).fn++;
  });
  const perEntity = Object.fromEntries(ENTITIES.map((e) => [e, prf(counts.get(e) as Counts)])) as Record<
    NameEntity,
    Prf
  >;
  const total = [...counts.values()].reduce(
    (a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }),
    {
      tp: 0,
      fp: 0,
      fn: 0,
    },
  );
  return { perEntity, micro: prf(total), spans };
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  meanScore: number;
  precision: number;
}

/** Ten equal-width score bins with observed precision, plus expected calibration error. */
export function calibrationTable(
  scores: readonly number[],
  correct: readonly boolean[],
): { bins: CalibrationBin[]; ece: number } {
  const bins: CalibrationBin[] = [];
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const lo = b / 10;
    const hi = (b + 1) / 10;
    const idx = scores
      .map((_, i) => i)
      .filter(
        (i) => (scores[i] as number) >= lo && ((scores[i] as number) < hi || (b === 9 && scores[i] === 1)),
      );
    const count = idx.length;
    const meanScore = count ? idx.reduce((a, i) => a + (scores[i] as number), 0) / count : 0;
    const precision = count ? idx.filter((i) => correct[i]).length / count : 0;
    ece += (count / Math.max(1, scores.length)) * Math.abs(meanScore - precision);
    bins.push({ lo, hi, count, meanScore, precision });
  }
  return { bins, ece };
}

export function calibratedScores(spans: readonly ScoredSpan[], platt: Platt): number[] {
  return spans.map((s) => applyPlatt(platt, s.prob));
}

/**
 * Overlap precision/recall/F1 of one entity type: a predicted span is right when it overlaps an
 * unused gold span of the same type (greedy, one-to-one), as `npm run eval:detect` counts.
 */
export function overlapPrf(decoder: Decoder, sentences: readonly Sentence[], entity: NameEntity): Prf {
  const c: Counts = { tp: 0, fp: 0, fn: 0 };
  const gold: TokenSpan[] = [];
  for (const sent of sentences) {
    const { text, tokens } = fromWords(sent.words);
    tagsToSpans(Uint8Array.from(sent.tags), sent.words.length, gold);
    const mine = gold.filter((g) => entityOfTag(g.begin) === entity);
    const used = new Set<TokenSpan>();
    for (const p of decoder.decode(text, tokens, 0, sent.words.length)) {
      if (entityOfTag(p.begin) !== entity) continue;
      const g = mine.find((x) => !used.has(x) && x.s < p.e && p.s < x.e);
      if (g) used.add(g);
      c[g ? 'tp' : 'fp']++;
    }
    c.fn += mine.length - used.size;
  }
  return prf(c);
}
