import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnalyzer } from '../../src/detect/index.js';

const analyzer = createAnalyzer({ threshold: 0 });
const KB100 = 100 * 1024;

/** Strings built to make backtracking regexes explode: long runs, near-misses, separators. */
const ADVERSARIAL: Record<string, string> = {
  digits: '1'.repeat(KB100),
  spacedDigits: '1 '.repeat(KB100 / 2),
  dashedDigits: '12-'.repeat(KB100 / 3),
  dots: '1.'.repeat(KB100 / 2),
  atSigns: 'a@'.repeat(KB100 / 2),
  localPart: `${'a'.repeat(KB100)}@`,
  hostDots: `x@${'a.'.repeat(KB100 / 2)}`,
  colons: 'a:'.repeat(KB100 / 2),
  hexColons: 'ab:'.repeat(KB100 / 3),
  upperDigits: 'A1'.repeat(KB100 / 2),
  capitalWords: 'Abc '.repeat(KB100 / 4),
  urlish: `http://${'a'.repeat(KB100)}`,
  jwtish: `eyJ${'a'.repeat(KB100)}`,
  pem: `-----BEGIN PRIVATE KEY-----${'A'.repeat(KB100)}`,
  password: 'password: '.repeat(KB100 / 10),
  // Phone candidates in a row: each is parsed with the compiled metadata patterns, within budget.
  internationalPhones: '+1 (415) 555-2671 00 44 20 7946 0958 '.repeat(KB100 / 36),
  nationalPhones: '(0979) 68768754 030 901820 '.repeat(KB100 / 27),
  binary: Array.from({ length: KB100 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
};

for (const [name, text] of Object.entries(ADVERSARIAL)) {
  test(`adversarial ${name} (100 KB) is analysed in bounded time`, () => {
    const t0 = performance.now();
    analyzer.analyze(text);
    const ms = performance.now() - t0;
    // Generous bound for a shared 2-core machine; catastrophic backtracking takes minutes.
    assert.ok(ms < 2000, `${name} took ${ms.toFixed(0)} ms`);
  });
}

/**
 * Trigger-word confirmations look at the word where a trigger starts; runs of words that almost
 * match must not make each look scan the rest of the text (400 KB: a quadratic scan takes minutes).
 */
const TRIGGER_RUNS: Record<string, string> = {
  lowerWordLetters: 'aleé'.repeat(KB100),
  titles: 'Mrs'.repeat((KB100 * 4) / 3),
  streetTypes: ' rueé'.repeat((KB100 * 4) / 5),
  nationalities: 'Americanö'.repeat((KB100 * 4) / 9),
  passwordKeys: 'passé'.repeat((KB100 * 4) / 5),
};

for (const [name, text] of Object.entries(TRIGGER_RUNS)) {
  test(`trigger-word run ${name} (400 KB) is analysed in bounded time`, () => {
    const t0 = performance.now();
    analyzer.analyze(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `${name} took ${ms.toFixed(0)} ms`);
  });
}
