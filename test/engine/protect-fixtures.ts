import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileKeyStore } from '../../src/crypto/file/keystore.js';
import { Keyring } from '../../src/crypto/keyring.js';
import { LocalKms } from '../../src/crypto/kms.js';
import { openDataset, withEngine, writeQuery, type Row } from '../../src/engine/index.js';

/** A fixed test master key (32 bytes, base64); never a real one. */
export const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

export function testKeyring(dir: string): Keyring {
  return new Keyring(new FileKeyStore(join(dir, 'keys.json')), LocalKms.fromBase64(MASTER_KEY));
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** People with every kind of field a policy treats differently; ids repeat so caching matters. */
export function peopleCsv(n: number, options: { shortCardAt?: number[] } = {}): string {
  const header = 'id,email,phone,name,card,age,lat,city,born,seen,ssn,note,country,secret,extra';
  const cities = ['Paris', 'Lyon', 'Berlin', 'Nowhere'];
  const lines = Array.from({ length: n }, (_, i) => {
    const card = options.shortCardAt?.includes(i)
      ? '12'
      : `4111-1111-${pad(i, 4)}-${pad((i * 7) % 10000, 4)}`;
    const born = new Date(Date.UTC(1950, 0, 1) + i * 86_400_000 * 37).toISOString().slice(0, 10);
    const seen = new Date(Date.UTC(2024, 2, 1, 8) + i * 3_600_000 * 7 + i * 123)
      .toISOString()
      .replace('Z', '');
    const note =
      i % 3 === 0
        ? `"Call me at +1 415 555 01${pad(i % 100, 2)}, or mail person${i}@example.com"`
        : `"nothing to see in message ${i}"`;
    return [
      `u${i % 37}`,
      `person${i}@example.com`,
      `+1555${pad(1_000_000 + i, 7)}`,
      `Nam${i % 2 ? 'é' : 'e'} ${i} 名`,
      card,
      i % 90,
      (48 + i / 1000.123).toFixed(6),
      cities[i % 4],
      born,
      seen,
      `${pad(i, 3)}-12-3456`,
      note,
      i % 2 ? 'FR' : 'DE',
      `secret-${i % 5}`,
      `x${i}`,
    ].join(',');
  });
  return `${header}\n${lines.join('\n')}\n`;
}

export const FIELD_CATEGORIES = `
      id: user.unique_id
      phone: user.contact.phone_number
      name: user.name
      card: user.financial.credit_card
      age: user.demographic.age_range
      lat: user.location.precise
      city: user.contact.address.city
      born: user.demographic.date_of_birth
      seen: user.behavior.engagement
      ssn: user.government_id
      note: user.content.message
      country: user.contact.address.country
      secret: user.account`;

/** A policy touching every operator class: keyed, pushed down, free text, keep and deny. */
export const PROTECT_POLICY = `version: 1
datasets:
  people:
    subject_field: id
    fields:
      email: user.contact.email${FIELD_CATEGORIES}
  people_nested:
    subject_field: id
    fields:
      contact.email: user.contact.email${FIELD_CATEGORIES.replace('phone: ', 'contact.phone: ')}
rules:
  - { purpose: analytics, category: user.unique_id, transform: { op: pseudonymize, key: k1, bytes: 12 } }
  - { purpose: analytics, category: user.contact.email, transform: { op: mask, keep_last: 12, char: '#' } }
  - { purpose: analytics, category: user.contact.phone_number, transform: { op: encrypt_deterministic, key: k1 } }
  - { purpose: analytics, category: user.name, transform: { op: hash, salt: pepper } }
  - { purpose: analytics, category: user.financial.credit_card, transform: { op: fpe_ff1, key: k1 } }
  - { purpose: analytics, category: user.demographic.age_range, transform: { op: bucket, size: 10 } }
  - { purpose: analytics, category: user.location.precise, transform: { op: round_coordinates, decimals: 2 } }
  - purpose: analytics
    category: user.contact.address.city
    transform: { op: generalize, hierarchy: { Paris: France, Lyon: France, Berlin: Germany } }
  - { purpose: analytics, category: user.demographic.date_of_birth, transform: { op: time_part, part: year } }
  - purpose: analytics
    category: user.behavior.engagement
    transform: { op: date_shift, key: k1, max_days: 30, subject_field: id }
  - { purpose: analytics, category: user.government_id, action: deny }
  - { purpose: analytics, category: user.content.message, transform: { op: redact_entities } }
  - { purpose: analytics, category: user.contact.address.country, action: allow }
  - { purpose: analytics, category: user.account, transform: { op: encrypt, key: k1 } }
`;

/** The same people as CSV, Parquet and nested JSONL (contact.email, contact.phone). */
export async function writePeople(
  dir: string,
  n: number,
): Promise<Record<'csv' | 'parquet' | 'jsonl', string>> {
  const csv = join(dir, 'people.csv');
  writeFileSync(csv, peopleCsv(n));
  const files = { csv, parquet: join(dir, 'people.parquet'), jsonl: join(dir, 'people_nested.jsonl') };
  await withEngine(async (engine) => {
    const src = `read_csv('${csv}')`;
    await writeQuery(engine, `SELECT * FROM ${src}`, files.parquet);
    await writeQuery(
      engine,
      `SELECT id, struct_pack(email := email, phone := phone) AS contact, * EXCLUDE (id, email, phone) FROM ${src}`,
      files.jsonl,
    );
  });
  return files;
}

/** Every row of a written file, in file order. */
export async function readRows(path: string): Promise<Row[]> {
  return withEngine(async (engine) => {
    const data = await openDataset(engine, path);
    const rows: Row[] = [];
    for await (const batch of data.batches()) rows.push(...batch);
    await data.close();
    return rows;
  });
}
