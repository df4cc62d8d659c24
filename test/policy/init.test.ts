import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePolicy } from '../../src/policy/load.js';
import { draftDataset, NOT_PERSONAL_CATEGORY, type ScannedColumn } from '../../src/policy/draft.js';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const column = (name: string, over: Partial<ScannedColumn> = {}): ScannedColumn => ({
  name,
  entity: null,
  score: 0,
  share: 0,
  quasiIdentifier: null,
  freeText: null,
  ...over,
});

test('draft: categories from detected types, quasi-identifier hints, free text; unknowns flagged for review', () => {
  const draft = draftDataset(
    'people',
    [
      column('contact', { entity: 'EMAIL_ADDRESS', score: 0.95, share: 1 }),
      column('town', { entity: 'LOCATION', score: 0.8, share: 0.9, quasiIdentifier: 'city' }),
      column('bio', { freeText: { share: 0.4, entities: { PERSON: 3, PHONE_NUMBER: 1 } } }),
      column('customerId'),
      column('dob', { quasiIdentifier: 'birth_date' }),
      column('iban', { entity: 'IBAN_CODE', score: 0.6, share: 0.7 }),
      column('sku'),
    ],
    ['customerId', 'contact', 'town', 'dob', 'iban', 'bio', 'sku'],
  );
  const byName = Object.fromEntries(draft.fields.map((f) => [f.name, f]));
  assert.deepEqual(
    draft.fields.map((f) => f.name),
    ['customerId', 'contact', 'town', 'dob', 'iban', 'bio', 'sku'],
    'declared in the dataset order',
  );
  assert.equal(draft.subjectField, 'customerId');
  assert.equal(byName.customerId!.category, 'user.unique_id');
  assert.equal(byName.contact!.category, 'user.contact.email');
  assert.equal(byName.town!.category, 'user.contact.address.city', 'the hint is more specific than LOCATION');
  assert.equal(byName.dob!.category, 'user.demographic.date_of_birth');
  assert.equal(byName.iban!.category, 'user.financial.bank_account');
  assert.equal(byName.iban!.review, true, 'a low score asks for review');
  assert.equal(byName.bio!.category, 'user.content.message');
  assert.match(byName.bio!.reason, /PERSON, PHONE_NUMBER/);
  assert.equal(byName.sku!.category, NOT_PERSONAL_CATEGORY);
  assert.equal(byName.sku!.review, true);
});

test('draft: subject fields are recognised in several naming styles, and only those', () => {
  for (const name of ['user_id', 'userId', 'UserID', 'account-id', 'uid', 'profile.user_id'])
    assert.equal(draftDataset('d', [column(name)]).subjectField, name, name);
  for (const name of ['order_id', 'session_id', 'idx', 'video_id'])
    assert.equal(draftDataset('d', [column(name)]).subjectField, null, name);
});

function usersCsv(dir: string, names: string[]): string {
  const rows = Array.from({ length: 300 }, (_, i) => [
    `acct-${1000 + i}`,
    `person${i}@mail.example.org`,
    `+44 20 7946 ${String(1000 + (i % 9000)).padStart(4, '0')}`,
    `${(i % 7) * 13.5}`,
    `Loved it, call me on +1 415 555 ${String(1000 + i).slice(-4)} or write to buyer${i}@shop.example.com tomorrow.`,
  ]);
  const path = join(dir, 'customers.csv');
  writeFileSync(
    path,
    [names.join(','), ...rows.map((r) => r.map((v) => JSON.stringify(v)).join(','))].join('\n'),
  );
  return path;
}

test('veil policy init --from-scan: a valid draft from values alone when names mean nothing', async () => {
  const dir = tempDir();
  const path = usersCsv(dir, ['user_id', 'col_2', 'col_3', 'col_4', 'col_5']);
  const res = await runVeil(['policy', 'init', '--from-scan', path, '--json']);
  assert.equal(res.code, 0, res.stderr);
  const out = JSON.parse(res.stdout) as {
    dataset: string;
    subjectField: string;
    fields: { name: string; category: string }[];
    yaml: string;
  };
  assert.equal(out.dataset, 'customers');
  assert.equal(out.subjectField, 'user_id');
  const category = Object.fromEntries(out.fields.map((f) => [f.name, f.category]));
  assert.equal(category.col_2, 'user.contact.email');
  assert.equal(category.col_3, 'user.contact.phone_number');
  assert.equal(category.col_4, NOT_PERSONAL_CATEGORY);
  assert.equal(category.col_5, 'user.content.message');
  const policy = parsePolicy(out.yaml, 'draft.yaml');
  assert.deepEqual([...policy.datasets.keys()], ['customers']);
  assert.ok(!out.yaml.includes('person0@mail'), 'no value from the data appears in the draft');
});

test('veil policy init --out writes the draft atomically and never overwrites without --force', async () => {
  const dir = tempDir();
  const path = usersCsv(dir, ['user_id', 'email', 'phone', 'amount', 'review']);
  const out = join(dir, 'policy.yaml');
  const first = await runVeil(['policy', 'init', '--from-scan', path, '--dataset', 'crm', '--out', out]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, '');
  const text = readFileSync(out, 'utf8');
  assert.match(text, /^ {2}crm:$/m);
  assert.match(text, /^ {6}email: user\.contact\.email +# EMAIL_ADDRESS/m);
  const validate = await runVeil(['policy', 'validate', out]);
  assert.equal(validate.code, 0, validate.stdout);

  writeFileSync(out, 'keep me');
  const again = await runVeil(['policy', 'init', '--from-scan', path, '--out', out]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists.*--force/);
  assert.equal(readFileSync(out, 'utf8'), 'keep me');

  const missing = await runVeil([
    'policy',
    'init',
    '--from-scan',
    join(dir, 'nope.csv'),
    '--out',
    join(dir, 'p2.yaml'),
  ]);
  assert.equal(missing.code, 3);
  assert.ok(!existsSync(join(dir, 'p2.yaml')));
});
