import assert from 'node:assert/strict';
import { test } from 'node:test';
import { triggerGroup, textFeatures } from '../../src/detect/features.js';
import { shapeSeparators, type IdSpec } from '../../src/detect/recognizers/id-family.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { alnumIdRecognizer, numericIdRecognizer } from '../../src/detect/recognizers/national-ids.js';
import { PatternRecognizer, type PatternSpec } from '../../src/detect/recognizers/pattern.js';
import { ENTITY_CASES } from './entity-cases.js';

/** Every text a spec's regex matches must pass its gate, or the gate would lose findings. */
function specs(): PatternSpec[] {
  return patternRecognizers().flatMap((r) =>
    r instanceof PatternRecognizer ? [...(r as unknown as { specs: PatternSpec[] }).specs] : [],
  );
}

const SAMPLES = [
  ...ENTITY_CASES.flatMap((c) => [c.positive, c.negative]),
  'Born 3 MARCH 1990; l’âge: 31; 5yo; edad: 40; 12 févr. 2020; Hauptstraße 12; Ölweg 3 in Köln',
  'Sra. López vive en Calle de Alcalá 45, C/ Mayor 3, Av. Paulista 1000; M. Dupont, 10 bis rue de Rivoli',
  'PASSWORD: Hunter2!, Kennwort = abc123, mot de passe est s3cret, ſenha: x1y2z3, USER NAME: bob',
  'Ethnicity: américaine, Türkisch, MUSLIM; swift DEUTDEFF500; AKIAIOSFODNN7EXAMPLE; www.example.com',
  'github_pat_a_b_c_d_e_f_g_h_i_j_k_l_m; xoxb-1234567890-abc; token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
  '48°51′24″N 2°21′03″E; 52.52000, 13.40500; 3c4f9a1e-1b2c-4d5e-8f90-112233445566; AA:BB:CC:DD:EE:FF',
  'Mrs Smith, Dña. Álvarez, Dr\u00a0Who; Musterweg 4, Am Ring 7b, Lindendamm 2; SW1A 1AA, K1A 0B1',
  'AB 12 34 56 C; GB82WEST12345698765432; 1/6/1972, 12.05.2020, 3-4-21; 2024-05-01T10:20; 0a1b.2c3d.4e5f',
  'fe80::1ff:fe23:4567:890a; 10.0.0.1; lat 48.8566, 2.3522; zip 10115, 75001; 010101-123N; 12:30 pm',
  'Av. Paulista 1000, Avda Diagonal 1, Jl. Sudirman 5; password is hunter22; Passwort: abc; Katolik; Muslim',
];

/**
 * Each sample and its pieces between ';' and ',' (one trigger word per text), and case variants of
 * them, so case-insensitive regexes are exercised too.
 */
const TEXTS = [...SAMPLES, ...SAMPLES.flatMap((s) => s.split(/[;,]/))].flatMap((s) => [
  s,
  s.toUpperCase(),
  s.toLowerCase(),
  `x${s}`,
  `5${s}`,
]);

test('no gate skips a text its regex matches (samples and case variants)', () => {
  for (const spec of specs()) {
    if (!spec.needs) continue;
    for (const text of TEXTS) {
      spec.regex.lastIndex = 0;
      const matched = spec.regex.test(text);
      spec.regex.lastIndex = 0;
      if (matched)
        assert.ok(spec.needs(textFeatures(text), text), `${spec.name} gate skipped ${JSON.stringify(text)}`);
    }
  }
});

/** Seeded random texts from sample fragments and separator-heavy noise (gates on shapes, verified words). */
function randomTexts(count: number): string[] {
  let x = 2024;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * n);
  };
  const fragments = SAMPLES.flatMap((s) => [...s.split(/(?<=;)/), ...s.split(/(?<=[ ;,])/)]);
  const noise = '0123456789 .:-/ABCDEFabcdef XYZ ,\n+';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = '';
    const parts = 1 + next(6);
    for (let k = 0; k < parts; k++) {
      if (next(3) === 0) for (let n = next(12); n > 0; n--) t += noise[next(noise.length)];
      else t += fragments[next(fragments.length)];
    }
    out.push(next(4) === 0 ? t.toUpperCase() : next(4) === 0 ? t.toLowerCase() : t);
  }
  return out;
}

test('no gate skips a text its regex matches (random texts)', () => {
  let matched = 0;
  for (const text of randomTexts(10000)) {
    const features = textFeatures(text);
    for (const spec of specs()) {
      if (!spec.needs) continue;
      spec.regex.lastIndex = 0;
      const m = spec.regex.test(text);
      spec.regex.lastIndex = 0;
      if (!m) continue;
      matched++;
      assert.ok(spec.needs(features, text), `${spec.name} gate skipped ${JSON.stringify(text)}`);
    }
  }
  assert.ok(matched > 2000, `${matched} matches`);
});

test('trigger words match at word starts, case-insensitively, on their first three letters', () => {
  const bit = triggerGroup(['zqxwv', 'Qz', 'zé', 'âzq']);
  assert.ok(textFeatures('a ZQXzz b').words & bit);
  assert.ok(textFeatures('(qz)').words & bit);
  assert.ok(textFeatures('ZÉ').words & bit);
  assert.ok(textFeatures('lÂZQ').words & bit, 'after an ASCII letter a non-ASCII letter may start a word');
  assert.equal(textFeatures('aqz zq zqy xzé').words & bit, 0);
  assert.throws(() => triggerGroup(['1abc']), /must start with a letter/);
});

test('counts and runs', () => {
  const f = textFeatures('AB12CD3 x-y.z:1/2_3=4, 1234567 é');
  assert.equal(f.digits, 14);
  assert.equal(f.maxDigitRun, 7);
  assert.equal(f.maxUpperDigitRun, 7);
  assert.equal(f.maxAlnumRun, 7);
  assert.deepEqual(
    [f.dashes, f.dots, f.colons, f.slashes, f.underscores, f.equals, f.commas, f.nonAscii],
    [1, 1, 1, 1, 1, 1, 1, 1],
  );
});

test('ID shapes match no separator their shapeSeparators bits leave out', () => {
  const specs = [numericIdRecognizer(), alnumIdRecognizer()].flatMap(
    (r) => (r as unknown as { specs: IdSpec[] }).specs,
  );
  let x = 99;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * n);
  };
  const separators = ' .-/+';
  const digits = (n: number): string => Array.from({ length: n }, () => String(next(10))).join('');
  let matched = 0;
  for (const spec of specs) {
    const allowed = shapeSeparators(spec.shape);
    for (let i = 0; i < 15000; i++) {
      // Digit groups joined by one separator (mostly the same one throughout), as IDs are written.
      const same = separators[next(separators.length)]!;
      let raw = digits(1 + next(7));
      for (let g = next(5); g > 0; g--) {
        raw += next(4) === 0 ? (separators[next(separators.length)] ?? '') : same;
        raw += digits(1 + next(7));
      }
      if (!spec.shape.test(raw)) continue;
      matched++;
      const bits =
        (raw.includes(' ') ? 1 : 0) |
        (raw.includes('.') ? 2 : 0) |
        (raw.includes('-') ? 4 : 0) |
        (raw.includes('/') ? 8 : 0);
      assert.equal(bits & ~allowed, 0, `${spec.name} ${JSON.stringify(raw)}`);
    }
  }
  assert.ok(matched > 100, `${matched} matches`);
});
