/**
 * `protectDataset` on a Parquet file under a 10-rule policy (keyed pseudonyms, deterministic and
 * randomized encryption, masking, bucketing, generalization, coordinate rounding, free-text
 * redaction, drops) vs DuckDB's plain COPY of the same file, in the same run. Also peak RSS.
 * Two policies, each timed against COPY in the same run: as written (phone under randomized `encrypt`,
 * a fresh nonce per row), and a variant where phone uses `encrypt_deterministic` instead.
 * Run: node --import tsx bench/protect.ts [rows] [repetitions] [variants]
 *   (default 1,000,000 rows, 3 reps, variants "randomized,deterministic")
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring, MemoryKeyStore } from '../src/crypto/keyring.js';
import { LocalKms } from '../src/crypto/kms.js';
import { protectDataset, withEngine } from '../src/engine/index.js';
import { parsePolicy } from '../src/policy/index.js';
import { compare, printComparison } from './harness.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const repetitions = Number(process.argv[3] ?? 3);
const variants = (process.argv[4] ?? 'randomized,deterministic').split(',');
const dir = mkdtempSync(join(tmpdir(), 'veil-bench-protect-'));
const input = join(dir, 'events.parquet');

const POLICY = `version: 1
datasets:
  events:
    subject_field: user_id
    fields:
      user_id: user.unique_id
      device_id: user.device.device_id
      email: user.contact.email
      phone: user.contact.phone_number
      ssn: user.government_id
      age: user.demographic.age_range
      city: user.contact.address.city
      lat: user.location.precise
      lng: user.location.precise
      note: user.content.message
      amount: user.behavior.purchase
rules:
  - { purpose: ml, category: user.unique_id, transform: { op: pseudonymize, key: ids } }
  - { purpose: ml, category: user.device.device_id, transform: { op: encrypt_deterministic, key: ids } }
  - { purpose: ml, category: user.contact.phone_number, transform: { op: encrypt, key: ids } }
  - { purpose: ml, category: user.contact.email, transform: { op: mask, keep_last: 12 } }
  - { purpose: ml, category: user.government_id, action: deny }
  - { purpose: ml, category: user.demographic.age_range, transform: { op: bucket, size: 10 } }
  - purpose: ml
    category: user.contact.address.city
    transform: { op: generalize, hierarchy: { Paris: France, Lyon: France, Berlin: Germany, Munich: Germany } }
  - { purpose: ml, category: user.location.precise, transform: { op: round_coordinates, decimals: 2 } }
  - { purpose: ml, category: user.content.message, transform: { op: redact_entities } }
  - { purpose: ml, category: user.behavior.purchase, action: allow }
taxonomy:
  purposes: [{ name: ml }]
`;

await withEngine(async (engine) => {
  console.log(`generating ${rows.toLocaleString()} rows ...`);
  // 200k users (ids repeat, as in event data); free text from templates with varying numbers.
  await engine.run(`COPY (
    SELECT 'u' || (i % 200000) AS user_id, md5((i % 300000)::VARCHAR) AS device_id,
           'person' || (i % 200000) || '@example.com' AS email, '+1415555' || lpad(((i * 7) % 10000)::VARCHAR, 4, '0') AS phone,
           lpad((i % 1000)::VARCHAR, 3, '0') || '-12-3456' AS ssn, (i % 90) AS age,
           ['Paris', 'Lyon', 'Berlin', 'Munich', 'Oslo'][1 + i % 5] AS city,
           48 + (i % 100000) / 100000.0 AS lat, 2 + (i % 77777) / 77777.0 AS lng,
           CASE i % 4 WHEN 0 THEN 'call me at +1 415 555 ' || lpad((i % 10000)::VARCHAR, 4, '0')
                      WHEN 1 THEN 'mail me: person' || (i % 5000) || '@example.com'
                      ELSE 'see you at the station' END AS note,
           (i % 997) * 1.25 AS amount
    FROM range(${rows}) t(i)) TO '${input}' (FORMAT parquet, COMPRESSION zstd)`);
  console.log(`input: ${(statSync(input).size / 1e6).toFixed(0)} MB`);

  const keyring = new Keyring(new MemoryKeyStore(), new LocalKms(randomBytes(32)));
  await keyring.create('ids');
  for (const variant of variants) {
    const text =
      variant === 'deterministic'
        ? POLICY.replace(
            'phone_number, transform: { op: encrypt,',
            'phone_number, transform: { op: encrypt_deterministic,',
          )
        : POLICY;
    const policy = parsePolicy(text, 'bench-policy.yaml');
    let rss = 0;
    const timer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 100);
    const result = await compare(
      {
        name: `veil protect (${rows.toLocaleString()} rows, 10 rules, phone ${variant})`,
        run: async () => {
          await protectDataset({
            input,
            output: join(dir, 'protected.parquet'),
            policy,
            purpose: 'ml',
            keys: () => ({ keyring }),
          });
        },
      },
      {
        name: 'duckdb COPY',
        run: () =>
          engine.run(
            `COPY (SELECT * FROM read_parquet('${input}')) TO '${join(dir, 'copy.parquet')}' (FORMAT parquet, COMPRESSION 'zstd')`,
          ),
      },
      repetitions,
    );
    clearInterval(timer);
    printComparison(result, `goal <= 3x | peak RSS ${(rss / 1e6).toFixed(0)} MB (whole process)`);
  }
});
rmSync(dir, { recursive: true, force: true });
