import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakerDE, fakerEN_US, fakerFR } from '@faker-js/faker';
import {
  ColumnClassifier,
  VERIFIERS,
  columnAnalyzers,
  normalizeValue,
  verifierRegExp,
  verifies,
  verifiersFor,
  nameSignal,
  type Verifier,
} from '../../src/detect/columns/index.js';
import { parseDate } from '../../src/detect/columns/shapes.js';
import { loadNameModel } from '../../src/detect/ner/index.js';

/**
 * The full-scan verifiers must agree with the recognizers: every value a verifier accepts gets
 * the verifier's entity (and nothing else) from the column classifier with the whole recognizer
 * set, and a column counted through the verifiers classifies exactly like one fed value by value.
 */
const nameModel = loadNameModel();
const all = columnAnalyzers(nameModel);

function seeded(seed: number) {
  for (const f of [fakerEN_US, fakerDE, fakerFR]) f.seed(seed);
}

/** Real-looking values per verifier: valid ones, near misses and dirty ones. */
function valuesFor(entity: string): string[] {
  seeded(11);
  const fakes = Array.from({ length: 300 }, (_, i) => {
    const f = [fakerEN_US, fakerDE, fakerFR][i % 3]!;
    switch (entity) {
      case 'IP_ADDRESS':
        return f.internet.ipv4();
      case 'EMAIL_ADDRESS':
        return i % 2 ? f.internet.email() : f.internet.exampleEmail();
      case 'DATE_TIME':
        return i % 2
          ? f.date.past({ years: 30 }).toISOString()
          : f.date
              .birthdate()
              .toISOString()
              .slice(0, i % 4 ? 10 : 19)
              .replace('T', ' ');
      default:
        return f.finance.iban({ formatted: i % 5 === 0 });
    }
  });
  const manual: Record<string, string[]> = {
    IP_ADDRESS: [
      '10.0.0.1',
      '255.255.255.255',
      '0.0.0.0',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      ' 192.168.1.1 ',
      '192.168.1.1.',
      '1.2.3.04',
    ],
    EMAIL_ADDRESS: [
      'John.Doe@Example.COM',
      'a@b.co',
      '.lead@example.com',
      'x..y@example.org',
      'user@localhost',
      'user@example.invalid',
      'user@-bad.com',
      'user@bad-.com',
      'user@example..com',
      'user+tag@mail.example.co.uk',
      ' user@example.com',
      '"user@example.com"',
      'user@example.com.',
      'first last@example.com',
      `${'a'.repeat(70)}@example.com`,
      'user@xn--bcher-kva.de',
    ],
    DATE_TIME: [
      '2024-01-01',
      '2024-01-01 00:00:00',
      '2024-01-01T12:30:00Z',
      '1999-12-31T23:59:59.123+01:00',
      '2024-13-01',
      '2024-02-30',
      '1899-05-05',
      '2024-1-5',
      '2024-01-01 24:00:00',
      '2024-01-01  10:00',
      '05/11/1984',
      '2024-01-01T10:00+0530',
    ],
    IBAN_CODE: [
      'DE89370400440532013000',
      'DE89370400440532013001',
      'GB82WEST12345698765432',
      'GB82 WEST 1234 5698 7654 32',
      'gb82west12345698765432',
      'FR1420041010050500013M02606',
      'FR1420041010050500013M02607',
      'XX89370400440532013000',
      'NL91ABNA0417164300',
    ],
  };
  return [...fakes, ...manual[entity]!];
}

/** The SQL rule for a time of day other than midnight (src/engine/scan-job.ts), on one value. */
function sqlTime(v: string): boolean {
  return (
    v.length > 10 &&
    (v.slice(11, 13) !== '00' || v.slice(14, 16) !== '00' || (v[16] === ':' && v.slice(17, 19) !== '00'))
  );
}

function single(name: string, value: string, entities?: string[]) {
  const a = entities ? columnAnalyzers(nameModel, entities) : all;
  const c = new ColumnClassifier(name, 'VARCHAR', {
    analyzer: a.values,
    textAnalyzer: all.text,
    nameModel,
    referenceYear: 2025,
  });
  c.add(value);
  return c.result();
}

describe('full-scan verifiers', () => {
  for (const verifier of VERIFIERS) {
    it(`${verifier.entity}: every accepted value gets the same verdict from the recognizers`, () => {
      const re = verifierRegExp(verifier);
      let accepted = 0;
      let rejected = 0;
      for (const value of valuesFor(verifier.entity)) {
        if (!verifies(verifier, value, re)) {
          rejected++;
          continue;
        }
        accepted++;
        const norm = normalizeValue(value);
        assert.ok(norm && norm.text === value && !norm.mangled, `normalised differently: ${value}`);
        for (const entities of [undefined, [verifier.entity]]) {
          const r = single('col_1', value, entities);
          assert.deepEqual(
            r.candidates.map((c) => c.entity),
            [verifier.entity],
            `${value} (${entities ? 'restricted' : 'all recognizers'})`,
          );
        }
        const date = parseDate(value);
        if (verifier.date) {
          assert.ok(date, value);
          assert.equal(date.year, Number(value.slice(0, 4)), value);
          assert.equal(date.time, sqlTime(value), value);
        } else assert.equal(date, null, value);
      }
      // Not vacuous: real values are accepted, and the near misses are not all accepted.
      assert.ok(accepted >= 200, `${verifier.entity}: only ${accepted} accepted`);
      assert.ok(rejected >= 3, `${verifier.entity}: only ${rejected} rejected`);
    });
  }

  it('rejects invalid checksums and values the recognizers reject', () => {
    const by = (e: string) => VERIFIERS.find((v) => v.entity === e)!;
    const no = (v: Verifier, text: string) => assert.equal(verifies(v, text), false, text);
    no(by('IBAN_CODE'), 'DE89370400440532013001');
    no(by('IBAN_CODE'), 'FR1420041010050500013M02607');
    no(by('IP_ADDRESS'), '0.0.0.0');
    no(by('IP_ADDRESS'), '256.1.1.1');
    no(by('EMAIL_ADDRESS'), 'user@example.invalid');
    no(by('DATE_TIME'), '2024-13-01');
    assert.ok(verifies(by('IBAN_CODE'), 'DE89370400440532013000'));
    assert.ok(verifies(by('EMAIL_ADDRESS'), 'John.Doe@Example.COM'));
  });

  it('a column counted through the verifiers classifies exactly like one fed value by value', () => {
    const columns: [string, string][] = [
      ['col_1', 'IP_ADDRESS'],
      ['ip_address', 'IP_ADDRESS'],
      ['col_2', 'EMAIL_ADDRESS'],
      ['email', 'EMAIL_ADDRESS'],
      ['col_3', 'DATE_TIME'],
      ['dob', 'DATE_TIME'],
      ['created_at', 'DATE_TIME'],
      ['col_4', 'IBAN_CODE'],
      ['iban', 'IBAN_CODE'],
    ];
    let counted = 0;
    for (const [name, entity] of columns) {
      // Dirty columns: some nulls, some values of another kind, repeats.
      const values: (string | null)[] = [...valuesFor(entity), null, '', 'n/a', 'hello world', 'hello world'];
      const verifiers = verifiersFor([entity], nameSignal(name), false);
      if (name !== 'col_4' && name !== 'iban') assert.ok(verifiers.length > 0, name);
      const options = { analyzer: all.values, textAnalyzer: all.text, nameModel, referenceYear: 2025 };
      const plain = new ColumnClassifier(name, 'VARCHAR', options);
      const fast = new ColumnClassifier(name, 'VARCHAR', options);
      const summaries = new Map<
        string,
        {
          count: number;
          lengthSum: number;
          tokenSum: number;
          times: number;
          years: Map<number, number>;
          seen: Set<string>;
        }
      >();
      for (const value of values) {
        plain.add(value);
        const hit = value === null ? undefined : verifiers.find((v) => verifies(v.verifier, value));
        if (!hit || value === null) {
          fast.add(value);
          continue;
        }
        counted++;
        if (hit.verifier.check) {
          fast.addVerifiedValue(entity, value, hit.compat);
          continue;
        }
        const s = summaries.get(entity) ?? {
          count: 0,
          lengthSum: 0,
          tokenSum: 0,
          times: 0,
          years: new Map(),
          seen: new Set(),
        };
        s.count++;
        s.lengthSum += value.length;
        s.tokenSum += value.split(' ').length;
        s.seen.add(value);
        if (sqlTime(value)) s.times++;
        const year = Number(value.slice(0, 4));
        s.years.set(year, (s.years.get(year) ?? 0) + 1);
        summaries.set(entity, s);
      }
      for (const [e, s] of summaries) {
        const v = verifiers.find((x) => x.verifier.entity === e)!;
        fast.addVerified({
          entity: e,
          count: s.count,
          lengthSum: s.lengthSum,
          tokenSum: s.tokenSum,
          distinct: s.seen.size,
          compat: v.compat,
          ...(v.verifier.date ? { dateTimes: s.times, years: s.years } : {}),
        });
      }
      const { examples: _a, ...expected } = plain.result();
      const { examples: _b, ...actual } = fast.result();
      assert.deepEqual(actual, expected, name);
    }
    assert.ok(counted > 1000, String(counted));
  });
});
