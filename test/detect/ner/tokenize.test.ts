import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenize } from '../../../src/detect/ner/tokenize.js';
import { F_BLOCKED, F_DIGIT, TokenBuffer } from '../../../src/detect/ner/tokens.js';

function words(text: string): string[] {
  const t = tokenize(text, new TokenBuffer(4));
  return Array.from({ length: t.n }, (_, i) => text.slice(t.start[i], t.end[i]));
}

function blocked(text: string): string[] {
  const t = tokenize(text, new TokenBuffer(4));
  return Array.from({ length: t.n }, (_, i) => i)
    .filter((i) => (t.flags[i] as number) & F_BLOCKED)
    .map((i) => text.slice(t.start[i], t.end[i]));
}

test('splits words, punctuation and English clitics like the treebank', () => {
  assert.deepEqual(words("I don't know John's dog, Mr. O'Brien!"), [
    'I',
    'do',
    "n't",
    'know',
    'John',
    "'s",
    'dog',
    ',',
    'Mr.',
    "O'Brien",
    '!',
  ]);
  assert.deepEqual(words('Jean-Pierre moved to the U.S. in 2019...'), [
    'Jean-Pierre',
    'moved',
    'to',
    'the',
    'U.S',
    '.',
    'in',
    '2019',
    '...',
  ]);
});

test('keeps URLs, e-mails, UUIDs and hashes whole and blocks them', () => {
  const text =
    'see https://example.com/a?b=1, mail a.b@example.org; id 123e4567-e89b-12d3-a456-426614174000 sha 9f86d081884c7d65';
  assert.deepEqual(blocked(text), [
    'https://example.com/a?b=1',
    'a.b@example.org',
    '123e4567-e89b-12d3-a456-426614174000',
    '9f86d081884c7d65',
  ]);
  assert.deepEqual(blocked('John Smith met Anna in Paris'), []);
  assert.deepEqual(blocked('(see www.example.com/Jane, or "jane+x@example.org")'), [
    'www.example.com/Jane',
    'jane+x@example.org',
  ]);
  assert.deepEqual(words('Mail:jo@x.io.'), ['Mail:jo@x.io', '.']); // whole chunk up to whitespace; final period trimmed
});

test('marks digits and grows past its initial capacity', () => {
  const text = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
  const t = tokenize(text, new TokenBuffer(2));
  assert.equal(t.n, 50);
  assert.ok((t.flags[0] as number) & F_DIGIT);
  assert.equal(text.slice(t.start[49], t.end[49]), 'w49');
});

test('surrogate pairs and non-Latin letters keep correct offsets', () => {
  assert.deepEqual(words('Zoë 👋 Łódź'), ['Zoë', '👋', 'Łódź']);
});
