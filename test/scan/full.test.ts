import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakerDE, fakerEN_US } from '@faker-js/faker';
import { loadNameModel } from '../../src/detect/ner/index.js';
import { scanDataset, withEngine, type ScanReport } from '../../src/engine/index.js';
import { labelledTable } from '../detect/table-fixture.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * A full scan counts the values its verifiers accept inside DuckDB and the rest once per distinct
 * value; on a file smaller than the sample, where the sample is every row, it must classify
 * exactly as the value-by-value sample scan does.
 */
const dir = tempDir('veil-scan-full-');
const nameModel = loadNameModel();

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function writeCsv(path: string, columns: { name: string; values: unknown[] }[]): void {
  const rows = [columns.map((c) => c.name).join(',')];
  for (let r = 0; r < columns[0]!.values.length; r++)
    rows.push(columns.map((c) => csvCell(c.values[r])).join(','));
  writeFileSync(path, `${rows.join('\n')}\n`);
}

const verdicts = (r: ScanReport) =>
  Object.fromEntries(
    r.columns.map((c) => [
      c.name,
      {
        entity: c.entity,
        score: c.score,
        share: c.share,
        evidence: c.evidence,
        candidates: c.candidates.map((x) => x.entity),
        quasiIdentifier: c.quasiIdentifier,
        freeText: c.freeText,
        risk: c.risk,
      },
    ]),
  );

async function sameAsSample(path: string): Promise<ScanReport> {
  const sample = await scanDataset(path, { nameModel, referenceYear: 2025 });
  const full = await scanDataset(path, { nameModel, referenceYear: 2025, full: true });
  assert.equal(sample.sampled, false);
  assert.equal(full.mode, 'full');
  assert.deepEqual(verdicts(full), verdicts(sample));
  // Minor candidates may differ by a value or two: a full scan runs only the recognizers of the
  // sample's candidate types, so a value another type claimed in the sample can count here.
  for (const c of full.columns) {
    const s = sample.columns.find((x) => x.name === c.name)!;
    c.candidates.forEach((x, i) => assert.ok(Math.abs(x.share - s.candidates[i]!.share) <= 0.011, c.name));
  }
  return full;
}

describe('full scan with verifiers', () => {
  it('classifies the labelled fixture exactly like the complete sample (CSV and Parquet)', async () => {
    const csv = join(dir, 'fixture.csv');
    const parquet = join(dir, 'fixture.parquet');
    writeCsv(csv, labelledTable(1500, 99));
    await withEngine((e) =>
      e.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`),
    );
    await sameAsSample(csv);
    await sameAsSample(parquet);
  });

  it('counts dirty verifier columns (nulls, near misses, repeats) exactly', async () => {
    fakerEN_US.seed(5);
    fakerDE.seed(6);
    const n = 2000;
    const pick = <T>(i: number, clean: () => T, dirty: T[]): T | null =>
      i % 50 === 0 ? null : i % 17 === 0 ? dirty[i % dirty.length]! : clean();
    const columns = [
      {
        name: 'ip_address',
        values: Array.from({ length: n }, (_, i) =>
          pick(i, () => fakerEN_US.internet.ipv4(), [' 10.0.0.1', '0.0.0.0', '01.2.3.4', 'n/a', '256.1.1.1']),
        ),
      },
      {
        name: 'col_2',
        values: Array.from({ length: n }, (_, i) =>
          pick(i, () => fakerDE.internet.email(), [
            'USER@EXAMPLE.COM',
            'user@example.invalid',
            '.x@example.org',
          ]),
        ),
      },
      {
        name: 'dob',
        values: Array.from({ length: n }, (_, i) =>
          pick(i, () => fakerEN_US.date.birthdate().toISOString().slice(0, 10), [
            '05/11/1984',
            '1984-13-01',
            '-',
          ]),
        ),
      },
      {
        name: 'col_4',
        values: Array.from({ length: n }, (_, i) =>
          pick(i, () => fakerEN_US.date.recent({ days: 900 }).toISOString(), [
            '2024-01-01 00:00:00',
            '2024-02-30',
          ]),
        ),
      },
      {
        name: 'iban',
        values: Array.from({ length: n }, (_, i) =>
          pick(i, () => fakerDE.finance.iban(), ['DE89370400440532013001', 'GB82 WEST 1234 5698 7654 32']),
        ),
      },
    ];
    const csv = join(dir, 'verifiers.csv');
    const path = join(dir, 'verifiers.parquet');
    writeCsv(csv, columns);
    // Text columns as written (DuckDB's CSV sniffer would type the date columns and reject the misses).
    await withEngine((e) =>
      e.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${path}' (FORMAT parquet)`),
    );
    const full = await sameAsSample(path);
    const get = (name: string) => full.columns.find((c) => c.name === name)!;
    assert.equal(get('ip_address').entity, 'IP_ADDRESS');
    assert.equal(get('col_2').entity, 'EMAIL_ADDRESS');
    assert.equal(get('dob').quasiIdentifier, 'birth_date');
    assert.equal(get('iban').entity, 'IBAN_CODE');
    assert.ok(get('ip_address').share < 1 && get('ip_address').share > 0.9);
  });
});
