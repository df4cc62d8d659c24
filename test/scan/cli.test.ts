import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { scanDataset, withEngine } from '../../src/engine/index.js';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { anonymousNames, columnCorrect, labelledTable } from '../detect/table-fixture.js';

const dir = tempDir('veil-scan-');
const table = labelledTable(1200);

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function writeCsv(path: string, columns: ReturnType<typeof labelledTable>): void {
  const rows = [columns.map((c) => c.name).join(',')];
  for (let r = 0; r < columns[0]!.values.length; r++)
    rows.push(columns.map((c) => csvCell(c.values[r])).join(','));
  writeFileSync(path, `${rows.join('\n')}\n`);
}

const natural = join(dir, 'customers.csv');
const anonymous = join(dir, 'anonymous.csv');
const parquet = join(dir, 'customers.parquet');

before(async () => {
  writeCsv(natural, table);
  writeCsv(anonymous, anonymousNames(table));
  await withEngine((e) =>
    e.run(`COPY (SELECT * FROM read_csv('${natural}')) TO '${parquet}' (FORMAT parquet)`),
  );
});

interface JsonReport {
  rows: number;
  sampled: boolean;
  examinedRows: number;
  mode: string;
  columns: {
    name: string;
    entity: string | null;
    score: number;
    share: number;
    candidates: unknown[];
    evidence: string;
    nullShare: number;
    distinctRatio: number;
    quasiIdentifier: string | null;
    freeText: { withFindings: number; entities: Record<string, number> } | null;
    risk: string;
  }[];
}

async function scanJson(args: string[]): Promise<JsonReport> {
  const r = await runVeil(['scan', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

function assertAllRight(
  report: JsonReport,
  labels: ReturnType<typeof labelledTable>,
  anonymous: boolean,
): void {
  const byName = new Map(report.columns.map((c) => [c.name, c]));
  const wrong = labels
    .filter((l) => !(anonymous && l.needsName))
    .filter((l) => !columnCorrect(l, byName.get(l.name)!))
    .map((l) => `${l.name}: ${byName.get(l.name)!.entity}`);
  assert.deepEqual(wrong, []);
}

describe('veil scan DATASET', () => {
  it('classifies a CSV with natural names; --json has the documented shape', async () => {
    const report = await scanJson([natural]);
    assert.equal(report.rows, 1200);
    assert.equal(report.columns.length, table.length);
    const email = report.columns.find((c) => c.name === 'email')!;
    for (const key of [
      'name',
      'entity',
      'score',
      'share',
      'candidates',
      'evidence',
      'nullShare',
      'distinctRatio',
      'quasiIdentifier',
      'freeText',
    ])
      assert.ok(key in email, key);
    assert.equal(email.entity, 'EMAIL_ADDRESS');
    assert.equal(email.evidence, 'both');
    // Riskiest first.
    const order = { high: 0, medium: 1, low: 2, none: 3 } as Record<string, number>;
    const risks = report.columns.map((c) => order[c.risk]!);
    assert.deepEqual(
      risks,
      risks.slice().sort((a, b) => a - b),
    );
    assertAllRight(report, table, false);
  });

  it('classifies from values alone when columns are named col_N', async () => {
    assertAllRight(await scanJson([anonymous]), anonymousNames(table), true);
  });

  it('reads Parquet', async () => {
    const report = await scanJson([parquet]);
    assertAllRight(report, table, false);
  });

  it('reads nested JSONL as dotted paths', async () => {
    const path = join(dir, 'nested.jsonl');
    const lines = table[2]!.values.map((email, i) =>
      JSON.stringify({
        id: i,
        customer: { contact: { mail: email, tel: table[3]!.values[i] }, city: table[11]!.values[i] },
      }),
    );
    writeFileSync(path, `${lines.join('\n')}\n`);
    const report = await scanJson([path]);
    const get = (n: string) => report.columns.find((c) => c.name === n)!;
    assert.equal(get('customer.contact.mail').entity, 'EMAIL_ADDRESS');
    assert.equal(get('customer.contact.tel').entity, 'PHONE_NUMBER');
    assert.equal(get('customer.city').quasiIdentifier, 'city');
    assert.equal(get('id').entity, null);
  });

  it('samples across the whole file: personal data only in the tail is found', async () => {
    const path = join(dir, 'tail.csv');
    const rows = ['n,c7'];
    for (let i = 0; i < 40_000; i++) rows.push(`${i},`);
    for (let i = 0; i < 10_000; i++) rows.push(`${40_000 + i},user${i}@example.org`);
    writeFileSync(path, `${rows.join('\n')}\n`);
    const report = await scanDataset(path, { sample: 2000, nameModel: null });
    assert.equal(report.sampled, true);
    assert.equal(report.examinedRows, 2000);
    const c7 = report.columns.find((c) => c.name === 'c7')!;
    assert.equal(c7.entity, 'EMAIL_ADDRESS');
    // About 80% of a spread sample is empty; a head sample would be 100% empty.
    assert.ok(c7.nullShare > 0.7 && c7.nullShare < 0.9, String(c7.nullShare));
  });

  it('--full examines every row with exact null shares', async () => {
    const report = await scanJson([join(dir, 'tail.csv'), '--full']);
    assert.equal(report.mode, 'full');
    assert.equal(report.examinedRows, 50_000);
    const c7 = report.columns.find((c) => c.name === 'c7')!;
    assert.equal(c7.entity, 'EMAIL_ADDRESS');
    assert.equal(c7.nullShare, 0.8);
    assert.equal(c7.share, 1);
  });

  it('reports an empty file and a header-only file instead of failing', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const e = await scanJson([empty]);
    assert.equal(e.rows, 0);
    assert.deepEqual(e.columns, []);
    const header = join(dir, 'header.csv');
    writeFileSync(header, 'email,amount\n');
    const h = await scanJson([header]);
    assert.equal(h.rows, 0);
    assert.equal(h.columns.length, 2);
    assert.equal(h.columns.find((c) => c.name === 'email')!.evidence, 'name');
    const text = await runVeil(['scan', header]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /0 rows/);
  });

  it('writes a self-contained HTML report without raw values', async () => {
    const html = join(dir, 'report.html');
    const r = await runVeil(['scan', natural, '--html', html]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /EMAIL_ADDRESS/);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<svg/);
    assert.match(page, /<style>/);
    assert.doesNotMatch(page, /<script|<link|src=/);
    assert.ok(page.indexOf('>email<') < page.indexOf('>order_id<'), 'riskiest columns first');
    for (const value of [table[2]!.values[0], table[6]!.values[0], table[0]!.values[0]])
      assert.ok(!page.includes(String(value)), 'a raw value leaked into the report');
  });

  it('fails malformed input with exit 3, or quarantines it', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"email":"a@example.org"}\n{"email": \n{"email":"b@example.org"}\n');
    const fail = await runVeil(['scan', bad]);
    assert.equal(fail.code, 3);
    assert.match(fail.stderr, /bad\.jsonl:2/);
    assert.doesNotMatch(fail.stderr, /example\.org/);
    const q = join(dir, 'q.jsonl');
    const ok = await runVeil(['scan', bad, '--on-error', 'quarantine', q, '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { quarantined: number }).quarantined, 1);
  });

  it('keeps scan text as a subcommand and rejects bad flags with exit 2', async () => {
    const doc = join(dir, 'doc.txt');
    writeFileSync(doc, 'write to jane.doe@example.org today\n');
    const text = await runVeil(['scan', 'text', '--format', 'text', doc, '--no-names']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /EMAIL_ADDRESS/);
    assert.equal((await runVeil(['scan', natural, '--sample', '0'])).code, 2);
    assert.equal((await runVeil(['scan', natural, '--sample', '10', '--full'])).code, 2);
    assert.equal((await runVeil(['scan'])).code, 2);
    assert.equal((await runVeil(['scan', join(dir, 'missing.csv')])).code, 3);
  });
});
