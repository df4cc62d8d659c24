import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GAZ_CATEGORIES, Gazetteer, lowerHash } from '../../../src/detect/ner/gazetteer.js';
import { Decoder } from '../../../src/detect/ner/model.js';
import { tagsToSpans, TokenSpan } from '../../../src/detect/ner/spans.js';
import { N_TAGS, TAGS } from '../../../src/detect/ner/tags.js';
import { fromWords } from '../../../src/detect/ner/tokens.js';
import { withEntryBias } from '../../../src/detect/ner/train/bias.js';
import { Sentence } from '../../../src/detect/ner/train/corpus.js';
import { crossValidate } from '../../../src/detect/ner/train/crossval.js';
import { evaluate, overlapPrf } from '../../../src/detect/ner/train/evaluate.js';
import { gazetteerLists } from '../../../src/detect/ner/train/lists.js';
import { SeededRandom } from '../../../src/detect/ner/train/prng.js';

const hash = (w: string): number => lowerHash(w, 0, w.length);

/** n distinct pseudo-random lowercase words (a fixed xorshift stream: fast and reproducible). */
function randomWords(n: number, seed: number): string[] {
  let x = seed | 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const out = new Set<string>();
  while (out.size < n) {
    let w = '';
    const len = 3 + (next() % 8);
    for (let i = 0; i < len; i++) w += String.fromCharCode(97 + (next() % 26));
    out.add(w);
  }
  return [...out];
}

test('gazetteer: a table of 100,000 words finds every word with its bits and nothing else', () => {
  // A table of more than 65,536 slots (the slot index takes more than 16 bits of the hash).
  const words = randomWords(120_000, 7);
  const names = words.slice(0, 100_000);
  const first = words.slice(0, 1000);
  const absent = words.slice(100_000);
  const gaz = new Gazetteer({ name: names, first });
  const nameBit = 1 << GAZ_CATEGORIES.indexOf('name');
  const firstBit = 1 << GAZ_CATEGORIES.indexOf('first');
  for (const w of first) assert.equal(gaz.mask(hash(w)), nameBit | firstBit, w);
  for (const w of names.slice(1000)) assert.equal(gaz.mask(hash(w)), nameBit, w);
  assert.equal(gaz.mask(hash(names[5] as string)), gaz.mask(hash((names[5] as string).toUpperCase())));
  let hits = 0;
  for (const w of absent) if (gaz.mask(hash(w)) !== 0) hits++;
  // Keys are 32-bit hashes: 20,000 x 100,000 / 2^32 = 0.5 collisions expected.
  assert.ok(hits <= 5, `${hits} of ${absent.length} unknown words found`);
});

test('gazetteer: a model file written before a category existed loads with that category empty', () => {
  const gaz = new Gazetteer({ first: ['maria'] });
  assert.equal(gaz.mask(hash('Maria')), 1 << GAZ_CATEGORIES.indexOf('first'));
  assert.equal(gaz.mask(hash('smith')), 0);
});

test('common-word list: everyday lowercase words, not words usually written capitalised', () => {
  const common = new Set(gazetteerLists().common);
  assert.ok(common.size > 20_000 && common.size < 40_000, `${common.size} common words`);
  for (const w of ['wolf', 'visit', 'coffee', 'will', 'the']) assert.ok(common.has(w), w);
  for (const w of ['john', 'mary', 'joe', 'london', 'i']) assert.ok(!common.has(w), w);
});

test('entry bias adds to every transition into B-X (start row included) and nothing else', () => {
  const trans = Float64Array.from({ length: (N_TAGS + 1) * N_TAGS }, (_, i) => i / 10);
  const out = withEntryBias(trans, [1, 2, 3]);
  for (let prev = 0; prev <= N_TAGS; prev++) {
    for (let t = 0; t < N_TAGS; t++) {
      const i = prev * N_TAGS + t;
      const want = { 'B-PER': 1, 'B-LOC': 2, 'B-ORG': 3 }[TAGS[t] as string] ?? 0;
      assert.ok(Math.abs((out[i] as number) - (trans[i] as number) - want) < 1e-12, `${prev} -> ${TAGS[t]}`);
    }
  }
  assert.equal(trans[1], 0.1, 'the input table is not modified');
});

/** A toy decoder: weights favour B-PER on capitalised words, weakly, so a bias changes decisions. */
function toyDecoder(bias: number[]): Decoder {
  const buckets = 1 << 10;
  const weights = new Float64Array(buckets * N_TAGS);
  const trans = withEntryBias(new Float64Array((N_TAGS + 1) * N_TAGS), bias);
  const rng = new SeededRandom('toy');
  for (let i = 0; i < weights.length; i++) weights[i] = rng.next() - 0.5;
  return new Decoder({
    buckets,
    weights,
    weightScale: 1,
    trans,
    gazetteer: new Gazetteer({}),
    temperature: 1,
    platt: { a: 1, b: 0 },
  });
}

test('a larger PERSON entry bias never decodes fewer PERSON spans', () => {
  const words = randomWords(400, 11).map((w, i) => (i % 3 ? w : w[0]!.toUpperCase() + w.slice(1)));
  const sentences = Array.from({ length: 50 }, (_, k) => words.slice(k * 8, k * 8 + 8));
  let last = -1;
  for (const b of [0, 1, 2, 4, 8, 50]) {
    const decoder = toyDecoder([b, 0, 0]);
    let n = 0;
    for (const ws of sentences) {
      const { text, tokens } = fromWords(ws);
      n += decoder.decode(text, tokens, 0, ws.length).filter((s) => s.begin === 1).length;
    }
    assert.ok(n >= last, `bias ${b}: ${n} PERSON spans < ${last}`);
    last = n;
  }
  assert.ok(last > 0);
});

test('evaluate marks spans exact-correct and overlapping separately; overlapPrf counts one-to-one', () => {
  // Gold: "John Smith" PERSON. A decoder that finds only "John" is overlapping but not exact.
  const sent: Sentence = { id: 's', words: ['John', 'Smith', 'called'], tags: [1, 2, 0] };
  const decoder = {
    decode: () => [{ begin: 1, s: 0, e: 1, prob: 0.7 }],
  } as unknown as Decoder;
  const r = evaluate(decoder, [sent]);
  assert.equal(r.spans.length, 1);
  assert.equal(r.spans[0]?.correct, false);
  assert.equal(r.spans[0]?.overlaps, true);
  assert.equal(r.perEntity.PERSON.fn, 1);
  const o = overlapPrf(decoder, [sent], 'PERSON');
  assert.deepEqual([o.tp, o.fp, o.fn], [1, 0, 0]);
  const wrongType = { decode: () => [{ begin: 3, s: 0, e: 2, prob: 0.7 }] } as unknown as Decoder;
  assert.equal(evaluate(wrongType, [sent]).spans[0]?.overlaps, false);
  const gold: TokenSpan[] = [];
  tagsToSpans(Uint8Array.from(sent.tags), 3, gold);
  assert.deepEqual(gold, [{ begin: 1, s: 0, e: 2 }]);
});

test('cross-validation folds partition the training sentences', () => {
  const sentences: Sentence[] = Array.from({ length: 60 }, (_, i) => ({
    id: `s${i}`,
    words: ['Anna', 'met', 'Bob', String(i)],
    tags: [1, 0, 1, 0],
  }));
  const folds = crossValidate(
    sentences,
    new Gazetteer({}),
    { buckets: 1 << 10, epochs: 1, seed: 't', negatives: 0 },
    4,
  );
  assert.equal(folds.length, 4);
  const seen = folds.flatMap((f) => f.test.map((s) => s.id)).sort();
  assert.deepEqual(seen, sentences.map((s) => s.id).sort());
  for (const f of folds) assert.ok(f.test.length > 0 && f.test.length < 60);
});
