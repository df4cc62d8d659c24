import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText, createAnalyzer, redactText } from '../../src/detect/index.js';
import { resolveOverlaps } from '../../src/detect/resolve.js';
import type { Finding } from '../../src/detect/types.js';
import { seededRandom } from '../helpers/seeded.js';
import { ENTITY_CASES } from './entity-cases.js';

const scoreOf = (
  text: string,
  entity: string,
  analyzer = createAnalyzer({ threshold: 0 }),
): number | undefined => analyzer.analyze(text).find((f) => f.entity === entity)?.score;

test('context words raise a score in all six languages', () => {
  const bare = scoreOf('x 536-22-8726 x', 'US_SSN');
  assert.ok(bare !== undefined);
  const phrases = [
    'my ssn is 536-22-8726',
    'número de seguro social 536-22-8726',
    'numéro de sécurité sociale 536-22-8726',
    'Sozialversicherung 536-22-8726',
    'seguro social 536-22-8726',
  ];
  for (const p of phrases) assert.ok((scoreOf(p, 'US_SSN') ?? 0) > bare, p);
  const bareNik = scoreOf('3171014101900001', 'ID_NIK') ?? 0;
  assert.ok((scoreOf('NIK penduduk 3171014101900001', 'ID_NIK') ?? 0) > bareNik, 'Indonesian');
});

test('context after the match counts, within the configured window only', () => {
  const near = scoreOf('943 476 5919 is my NHS number', 'UK_NHS') ?? 0;
  const far = scoreOf('943 476 5919 one two three four five six NHS', 'UK_NHS') ?? 0;
  assert.ok(near > far);
  const wide = createAnalyzer({ threshold: 0, context_window: { before: 5, after: 8 } });
  assert.equal(scoreOf('943 476 5919 one two three four five six NHS', 'UK_NHS', wide), near);
});

test('negative context lowers an identifier score', () => {
  const plain = scoreOf('card 4111 1111 1111 1111', 'CREDIT_CARD') ?? 0;
  const order = scoreOf('order 4111 1111 1111 1111', 'CREDIT_CARD') ?? 0;
  assert.ok(order < plain);
});

test('context-required recognizers report nothing without a supporting word', () => {
  assert.equal(scoreOf('the code DEUTDEFF here', 'SWIFT_CODE'), undefined);
  assert.ok(scoreOf('swift DEUTDEFF here', 'SWIFT_CODE') !== undefined);
});

test('allow list, entity selection and threshold', () => {
  const text = 'mail support@example.com or jane@example.org, ip 203.0.113.9';
  const allow = createAnalyzer({ allow_list: ['SUPPORT@example.com'] }).analyze(text);
  assert.deepEqual(
    allow.filter((f) => f.entity === 'EMAIL_ADDRESS').map((f) => text.slice(f.start, f.end)),
    ['jane@example.org'],
  );
  const onlyIp = createAnalyzer({ entities: ['IP_ADDRESS'] }).analyze(text);
  assert.deepEqual(
    onlyIp.map((f) => f.entity),
    ['IP_ADDRESS'],
  );
  const high = createAnalyzer({ threshold: 0.99 }).analyze(text);
  assert.ok(high.every((f) => f.score >= 0.99));
  assert.throws(() => createAnalyzer({ entities: ['NOT_A_TYPE'] }), /unknown entity type/);
});

test('overlaps resolve by score, then length, independent of input order', () => {
  const a: Finding = { entity: 'DOMAIN_NAME', start: 5, end: 16, score: 0.6, recognizer: 'domain' };
  const b: Finding = { entity: 'EMAIL_ADDRESS', start: 0, end: 16, score: 0.95, recognizer: 'email' };
  const c: Finding = { entity: 'URL', start: 20, end: 30, score: 0.6, recognizer: 'url' };
  const d: Finding = { entity: 'DOMAIN_NAME', start: 20, end: 28, score: 0.6, recognizer: 'domain' };
  const expected = [b, c];
  assert.deepEqual(resolveOverlaps([a, b, c, d]), expected);
  assert.deepEqual(resolveOverlaps([d, c, b, a]), expected);
});

test('emails are not also reported as domains; findings never overlap', () => {
  const text = 'Reach jane.doe@example.com, or https://www.example.com/x and example.org.';
  const found = analyzeText(text);
  assert.deepEqual(
    found.map((f) => [f.entity, text.slice(f.start, f.end)]),
    [
      ['EMAIL_ADDRESS', 'jane.doe@example.com'],
      ['URL', 'https://www.example.com/x'],
      ['DOMAIN_NAME', 'example.org'],
    ],
  );
  for (let i = 1; i < found.length; i++) assert.ok(found[i]!.start >= found[i - 1]!.end);
});

test('offsets are JavaScript string indices, also after astral characters', () => {
  const text = '😀😀 mail a@example.com';
  const [email] = analyzeText(text);
  assert.equal(text.slice(email!.start, email!.end), 'a@example.com');
});

test('redactText replaces each finding with its entity tag', () => {
  const text = 'Call +1 415 555 2671 or write a@example.com.';
  assert.equal(redactText(text, analyzeText(text)), 'Call <PHONE_NUMBER> or write <EMAIL_ADDRESS>.');
});

test('the name model recognizer is used when given, and its scores pass through', () => {
  const model = {
    predict: (t: string) => [{ entity: 'PERSON' as const, start: 0, end: t.indexOf(' '), score: 0.9 }],
  };
  const found = createAnalyzer({ nameModel: model }).analyze('Jane wrote to a@example.com');
  assert.deepEqual(found[0], { entity: 'PERSON', start: 0, end: 4, score: 0.9, recognizer: 'name_model' });
});

test('analyzeMany finds what analyze finds in each text, in order, across blocks', () => {
  const random = seededRandom(7);
  const sentences = ENTITY_CASES.flatMap((c) => [c.positive, c.negative]);
  const texts: string[] = [];
  // More texts than one block holds, empty ones among them, and one longer than a block's characters.
  for (let i = 0; i < 2500; i++) {
    if (random() < 0.05) texts.push('');
    else {
      const parts = Array.from(
        { length: 1 + Math.floor(random() * 3) },
        () => sentences[Math.floor(random() * sentences.length)]!,
      );
      texts.push(parts.join(' '));
    }
  }
  texts.splice(1200, 0, sentences.join(' ').repeat(300));
  const analyzer = createAnalyzer({ threshold: 0 });
  const many = analyzer.analyzeMany(texts);
  assert.equal(many.length, texts.length);
  let found = 0;
  texts.forEach((text, i) => {
    assert.deepEqual(many[i], analyzer.analyze(text), `text ${i}`);
    found += many[i]!.length;
  });
  assert.ok(found > 2500, `${found} findings`);
  assert.deepEqual(analyzer.analyzeMany([]), []);
});
