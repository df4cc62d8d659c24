import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONTEXT, unicodeWindowWords, windowWords } from '../../src/detect/context.js';
import { WordTable } from '../../src/detect/word-table.js';
import { seededRandom } from '../helpers/seeded.js';

// Latin-1 letters of both cases, digits, word joiners, sentence stops, ASCII and no-break spaces,
// Latin-1 symbols; rarely a character beyond Latin-1 (the fast path must hand those over).
const COMMON = [..."aeoxzAEOXZ0159 .!?\n\t'#-,;:", '\u00a0', ...'àéõüßÿÀÉÕÜÞµªº²½×÷¡¿«»·'];
const RARE = ['\u0085', '\u2019', '\u3000', '。', '\u0130', '\u03a3', '\ufb00', '\u2028', '\u202f'];

test('the Latin-1 context window equals the unicode reference', () => {
  const r = seededRandom(17);
  let compared = 0;
  for (let k = 0; k < 4000; k++) {
    let text = '';
    const n = 5 + Math.floor(r() * 200);
    for (let i = 0; i < n; i++)
      text += r() < 0.97 ? COMMON[Math.floor(r() * COMMON.length)] : RARE[Math.floor(r() * RARE.length)];
    for (let q = 0; q < 4; q++) {
      const start = Math.floor(r() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(r() * 20));
      assert.deepEqual(
        windowWords(text, start, end, DEFAULT_CONTEXT),
        unicodeWindowWords(text, start, end, DEFAULT_CONTEXT),
        JSON.stringify([text, start, end]),
      );
      compared++;
    }
  }
  assert.equal(compared, 16000);
});

test('the context window of Latin-1 text: lower-cased, within the sentence', () => {
  const text = 'Última línea. Téléphone de María: 06 12 34 56 78. Fin';
  const start = text.indexOf('06');
  assert.deepEqual(windowWords(text, start, start + 14, DEFAULT_CONTEXT), ['téléphone', 'de', 'maría']);
});

test('a window of no words before the match is empty on both paths', () => {
  const opts = { ...DEFAULT_CONTEXT, before: 0 };
  for (const text of ['phone 06 12 34 56 78', 'phone\u2019s 06 12 34 56 78 is mine']) {
    const start = text.indexOf('06');
    assert.deepEqual(
      unicodeWindowWords(text, start, start + 14, opts),
      windowWords(text, start, start + 14, opts),
    );
    assert.equal(windowWords(text, start, start + 14, opts).includes('phone'), false);
  }
});

test('a word table answers for spans of Latin-1 text as for their lower-cased slices', () => {
  const words = ['phone', 'téléphone', 'ss#', 'straße', 'x', 'número', '個人番号'];
  const table = new WordTable(words);
  const r = seededRandom(5);
  const letters = [...'pHoNeétlÉSs#xnúmeroÚß-'];
  let hits = 0;
  for (let k = 0; k < 20000; k++) {
    let text = '';
    const n = 1 + Math.floor(r() * 10);
    for (let i = 0; i < n; i++) text += letters[Math.floor(r() * letters.length)];
    if (r() < 0.2) text = words[Math.floor(r() * 6)]!.toUpperCase();
    const want = words.includes(text.toLowerCase());
    assert.equal(table.hasLatin1(text, 0, text.length), want, text);
    assert.equal(table.has(text.toLowerCase()), want, text);
    if (want) hits++;
  }
  assert.ok(hits > 1000);
  assert.equal(new WordTable([]).has(''), false);
});
