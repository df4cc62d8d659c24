import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNameModel } from '../../../src/detect/ner/index.js';
import { SeededRandom } from '../../../src/detect/ner/train/prng.js';

const model = loadNameModel();
const PIECES = [
  'John',
  'smith',
  'PARIS',
  'Łódź',
  'café',
  '👋',
  '\n',
  '  ',
  '.',
  "'s",
  "n't",
  '-',
  '@',
  'a@b.co',
  'http://x.y/z',
  '0xff',
  '42',
  '\u0301',
  '\ud800',
  'İ',
  'ß',
  '東京',
  'Mr.',
  '(',
  ')',
  '"',
];

function randomText(rng: SeededRandom, len: number): string {
  let s = '';
  while (s.length < len) s += rng.pick(PIECES) + (rng.next() < 0.5 ? ' ' : '');
  return s;
}

test('spans are well-formed on random mixed text (seeded)', () => {
  const rng = new SeededRandom('ner-robustness');
  for (let k = 0; k < 300; k++) {
    const text = randomText(rng, 1 + rng.int(400));
    let prevEnd = 0;
    for (const s of model.predict(text)) {
      assert.ok(s.start >= prevEnd && s.start < s.end && s.end <= text.length, JSON.stringify({ text, s }));
      assert.ok(/\p{L}/u.test(text.slice(s.start, s.end)));
      assert.ok(s.score > 0 && s.score <= 1);
      prevEnd = s.end;
    }
  }
});

test('edge inputs: empty, whitespace, one huge token, a very long sentence', () => {
  assert.deepEqual(model.predict(''), []);
  assert.deepEqual(model.predict(' \n\t '), []);
  assert.deepEqual(model.predict('a'.repeat(100000)), []);
  const long = Array.from({ length: 2000 }, (_, i) => (i % 50 === 0 ? 'Anna Schmidt met' : 'the')).join(' ');
  const persons = model.predict(long).filter((s) => s.entity === 'PERSON');
  assert.ok(persons.length > 20, `found ${persons.length}`);
  for (const s of persons) assert.equal(long.slice(s.start, s.end), 'Anna Schmidt');
});
