import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyColumns, nameSignal, nameTokens, normalizeValue } from '../../src/detect/columns/index.js';
import { loadNameModel } from '../../src/detect/ner/index.js';
import { anonymousNames, columnCorrect, labelledTable, quality } from './table-fixture.js';

const nameModel = loadNameModel();
const classify = (columns: ReturnType<typeof labelledTable>) =>
  classifyColumns(Object.fromEntries(columns.map((c) => [c.name, c.values])), {
    nameModel,
    referenceYear: 2025,
  });

describe('column names', () => {
  it('splits snake, camel, kebab and dotted names', () => {
    assert.deepEqual(nameTokens('userPhoneNo'), ['user', 'phone', 'no']);
    assert.deepEqual(nameTokens('E-Mail'), ['e', 'mail']);
    assert.deepEqual(nameTokens('IPAddress2'), ['ip', 'address', '2']);
    assert.deepEqual(nameTokens('Straße'), ['strasse']);
  });

  it('reads names in several languages and styles', () => {
    const cases: [string, string | null, string | null][] = [
      ['e_mail', 'EMAIL_ADDRESS', null],
      ['telefono', 'PHONE_NUMBER', null],
      ['geburtsdatum', 'DATE_TIME', 'birth_date'],
      ['userPhoneNo', 'PHONE_NUMBER', null],
      ['dob', 'DATE_TIME', 'birth_date'],
      ['zip', 'ZIP_CODE', 'zip_code'],
      ['cp', 'ZIP_CODE', 'zip_code'],
      ['plz', 'ZIP_CODE', 'zip_code'],
      ['nombre', 'PERSON', null],
      ['prenom', 'PERSON', null],
      ['Prénom', 'PERSON', null],
      ['kundenTelefonnummer', 'PHONE_NUMBER', null],
      ['customer.contact.email', 'EMAIL_ADDRESS', null],
      ['user.address.city', 'LOCATION', 'city'],
      ['ip_address', 'IP_ADDRESS', null],
      ['sexo', null, 'gender'],
    ];
    for (const [name, entity, qi] of cases) {
      const s = nameSignal(name);
      assert.ok(s, name);
      assert.equal(s.entity, entity, name);
      assert.equal(s.quasiIdentifier, qi, name);
    }
  });

  it('ignores names about the thing rather than the thing', () => {
    for (const name of [
      'email_verified',
      'phone_count',
      'product_name',
      'file_name',
      'email_hash',
      'address_id',
      'order_id',
      'col_17',
    ])
      assert.equal(nameSignal(name), null, name);
  });
});

describe('value normalisation', () => {
  it('trims, folds spreadsheet artefacts and missing-value markers', () => {
    assert.equal(normalizeValue('  +33 6 12\u00a034 56 78 ')!.text, '+33 6 12 34 56 78');
    assert.deepEqual(normalizeValue('5.54563E+15'), {
      text: '5.54563E+15',
      mangled: true,
      mangledDigits: 16,
    });
    assert.equal(normalizeValue('4155552671.0')!.text, '4155552671');
    assert.equal(normalizeValue("'0612345678")!.text, '0612345678');
    assert.equal(normalizeValue('N/A'), null);
    assert.equal(normalizeValue(4155552671)!.text, '4155552671');
  });
});

describe('column classification', () => {
  const table = labelledTable(1500);

  it('gets every labelled column right with natural names', () => {
    const results = classify(table);
    const q = quality(table, results, false);
    assert.deepEqual(q.wrong, []);
    assert.equal(q.personalRight, q.personal);
  });

  it('gets the columns right from values alone when names are col_N', () => {
    const anon = anonymousNames(table);
    const results = classify(anon);
    const q = quality(anon, results, true);
    assert.ok(q.personalRight / q.personal >= 0.95, q.wrong.join('; '));
    assert.equal(q.otherFlagged, 0, q.wrong.join('; '));
  });

  it('does not let a column name win over contradicting values', () => {
    const [email, phone, dob] = classifyColumns(
      {
        email: Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 'true' : 'false')),
        phone: Array.from({ length: 200 }, (_, i) => ['mobile', 'home', 'work'][i % 3]),
        dob: Array.from(
          { length: 200 },
          (_, i) =>
            `2024-05-${String((i % 28) + 1).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00Z`,
        ),
      },
      { referenceYear: 2025 },
    );
    assert.equal(email!.entity, null);
    assert.equal(phone!.entity, null);
    assert.equal(dob!.quasiIdentifier, null);
    assert.match(email!.notes.join(' '), /name suggests EMAIL_ADDRESS/);
  });

  it('reports free text with counts per entity found inside', () => {
    const notes = table.find((c) => c.name === 'customer_notes')!;
    const [scan] = classify([notes]);
    assert.ok(scan!.freeText);
    assert.equal(scan!.entity, null);
    assert.ok((scan!.freeText.entities.EMAIL_ADDRESS ?? 0) >= 400);
    assert.equal(scan!.risk, 'high');
    assert.ok(columnCorrect(notes, scan!));
  });

  it('reports null share, distinct ratio and value shapes without values', () => {
    const [scan] = classifyColumns({
      e_mail: ['a@example.com', '', null, 'N/A', 'a@example.com', 'b@example.org'],
    });
    assert.equal(scan!.nullShare, 0.5);
    assert.equal(scan!.distinctRatio, 0.67);
    assert.ok(scan!.examples.every((e) => !e.includes('example')));
  });
});
