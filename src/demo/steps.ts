import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring, MemoryKeyStore } from '../crypto/keyring.js';
import { LocalKms } from '../crypto/kms.js';
import { createAnalyzer, redactText } from '../detect/index.js';
import { loadNameModel } from '../detect/ner/index.js';
import { parseQuerySpec } from '../dp/spec.js';
import { runAnonymizeJob, runRiskJob, type RiskJobReport } from '../engine/anonymize-job.js';
import { executeDpQuery, prepareDpQuery } from '../engine/dp-query.js';
import { setBudget, spendBudget } from '../engine/dp-ledger.js';
import { openDataset, protectDataset, sqlIdent, sqlString, type Engine } from '../engine/index.js';
import { draftPolicyFromDataset } from '../engine/policy-init.js';
import { scanDataset } from '../engine/scan-job.js';
import { traceRiskFile } from '../engine/traces-jobs.js';
import { loadPolicy } from '../policy/load.js';
import type { DemoFiles } from './generate.js';

/** One section of the demo report: a title, lines for the terminal, and the data behind them for --json. */
export interface DemoStep {
  title: string;
  lines: string[];
  result: unknown;
}

export interface DemoContext {
  engine: Engine;
  dir: string;
  files: DemoFiles;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export async function datasetsStep({ engine, files }: DemoContext): Promise<DemoStep> {
  const result: Record<string, { format: string; rows: number; columns: number }> = {};
  for (const [name, path] of Object.entries(files)) {
    const ds = await openDataset(engine, path);
    result[name] = { format: ds.format, rows: await ds.rowCount(), columns: ds.columns.length };
    await ds.close();
  }
  const lines = Object.entries(result).map(
    ([name, r]) =>
      `${name.padEnd(10)} ${r.format.padEnd(8)} ${String(r.rows).padStart(7)} rows  ${r.columns} columns`,
  );
  return { title: 'Datasets', lines, result };
}

/** Free-text discovery over the support messages, with the trained name model. */
export async function textStep({ engine, files }: DemoContext): Promise<DemoStep> {
  const ds = await openDataset(engine, files.messages);
  const rows = await engine.all(`SELECT ${sqlIdent('text')} AS t FROM ${ds.relation}`);
  await ds.close();
  const analyzer = createAnalyzer({ nameModel: loadNameModel() });
  const counts: Record<string, number> = {};
  let withPii = 0;
  let example: string | undefined;
  for (const { t } of rows) {
    const text = String(t ?? '');
    const findings = analyzer.analyze(text);
    if (findings.length > 0) withPii++;
    for (const f of findings) counts[f.entity] = (counts[f.entity] ?? 0) + 1;
    if (!example && findings.length >= 2) example = redactText(text, findings);
  }
  const sorted = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const lines = [
    `${rows.length} messages, ${withPii} (${pct(withPii / Math.max(1, rows.length))}) mention personal data`,
    `findings: ${sorted.map(([e, n]) => `${e} ${n}`).join(', ')}`,
    ...(example ? [`redacted example: ${example}`] : []),
  ];
  return {
    title: 'Discover: personal data in free text',
    lines,
    result: { messages: rows.length, withPii, counts },
  };
}

// What model training may see of a user's demographics after protect: birth year, gender, country.
const QUASI = ['birth_date', 'gender', 'country'];
const COUNTRY_HIERARCHY = [
  'BR;Americas;*',
  'US;Americas;*',
  'DE;Europe;*',
  'ES;Europe;*',
  'FR;Europe;*',
  'GB;Europe;*',
  'ID;Asia;*',
  'IN;Asia;*',
];
const ANONYMIZATION = `# Written by veil demo: generalize the protected users' quasi-identifiers to 5-anonymity.
method: global
quasi:
  birth_date: { type: interval, widths: [5, 10, 20], origin: 1900 }
  gender: { type: mask, length: 1 }
  country: { type: csv, file: country-hierarchy.csv }
models:
  - { model: k-anonymity, k: 5 }
suppression: 0.05
`;

/** Table discovery: what personal data each column of each table holds. */
export async function scanStep({ engine, files }: DemoContext): Promise<DemoStep> {
  const tables: Record<
    string,
    { column: string; entity: string | null; quasi: string | null; score: number }[]
  > = {};
  const lines: string[] = [];
  for (const name of ['users', 'devices', 'locations'] as const) {
    const report = await scanDataset(files[name], { engine });
    tables[name] = report.columns.map((c) => ({
      column: c.name,
      entity: c.entity ?? (c.freeText ? 'free text' : null),
      quasi: c.quasiIdentifier,
      score: c.score,
    }));
    const found = tables[name]
      .filter((c) => c.entity || c.quasi)
      .map((c) => `${c.column}=${c.entity ?? `quasi:${c.quasi}`}`);
    lines.push(`${name.padEnd(10)} ${found.join(', ')}`);
  }
  return { title: 'Discover: personal data in tables', lines, result: tables };
}

/** The policy the demo enforces, shipped with Veil. */
export const DEMO_POLICY = fileURLToPath(new URL('../../examples/policy.yaml', import.meta.url));

/** Drafts the users table's declaration from discovery and compares it with the reviewed policy. */
export async function draftStep({ dir, files }: DemoContext): Promise<DemoStep> {
  const { draft, yaml } = await draftPolicyFromDataset(files.users, { dataset: 'users' });
  const out = join(dir, 'policy.draft.yaml');
  await writeFile(out, yaml);
  const reviewed = (await loadPolicy(DEMO_POLICY)).datasets.get('users');
  const agree = draft.fields.filter((f) => reviewed?.fields.get(f.name)?.category === f.category);
  const differ = draft.fields.filter((f) => !agree.includes(f));
  const lines = [
    `drafted ${draft.fields.length} field declarations for users -> ${out}`,
    `${agree.length} agree with the reviewed examples/policy.yaml; to review: ${
      differ.map((f) => `${f.name} (${f.category})`).join(', ') || 'none'
    }`,
  ];
  return {
    title: 'Govern: draft a policy from discovery',
    lines,
    result: { fields: draft.fields.length, agree: agree.length, differ: differ.map((f) => f.name) },
  };
}

export const DEMO_PURPOSE = 'model_training.recommendation';

/** Applies the policy for model training to users and messages, showing what each field became. */
export async function protectStep({ engine, dir, files }: DemoContext): Promise<DemoStep> {
  const policy = await loadPolicy(DEMO_POLICY);
  // A throwaway keyring: the demo never touches the user's keys or needs VEIL_MASTER_KEY.
  const keyring = new Keyring(new MemoryKeyStore(), new LocalKms(randomBytes(32)));
  await keyring.create('ml-ids');
  const lines: string[] = [];
  const result: Record<string, unknown> = {};
  for (const name of ['users', 'messages'] as const) {
    const output = protectedPath(dir, name);
    const run = await protectDataset({
      input: files[name],
      output,
      policy,
      purpose: DEMO_PURPOSE,
      dataset: name,
      keys: () => ({ keyring }),
      nameModel: loadNameModel(),
    });
    const { written, dropped } = run.manifest.fields;
    lines.push(
      `${name}: ${run.manifest.output.rows} rows -> ${output}`,
      `  written ${Object.entries(written)
        .map(([f, op]) => `${f}:${op}`)
        .join(', ')}`,
      `  dropped ${dropped.join(', ') || 'nothing'}`,
    );
    const before = await firstRow(engine, files[name]);
    const [after] = await engine.all(`SELECT * FROM read_parquet(${sqlString(output)}) LIMIT 1`);
    lines.push('  first row, changed fields:', ...beforeAfter(before ?? {}, after ?? {}));
    result[name] = { output, rows: run.manifest.output.rows, written, dropped, manifest: run.manifestPath };
  }
  return { title: `Protect: what ${DEMO_PURPOSE} may see`, lines, result };
}

async function firstRow(engine: Engine, path: string): Promise<Record<string, unknown> | undefined> {
  const ds = await openDataset(engine, path);
  try {
    return (await engine.all(`SELECT * FROM ${ds.relation} LIMIT 1`))[0];
  } finally {
    await ds.close();
  }
}

export const protectedPath = (dir: string, name: string): string =>
  join(dir, `${name}.${DEMO_PURPOSE}.parquet`);

/** The first row's changed fields, before and after (synthetic data, so safe to show). */
function beforeAfter(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const show = (v: unknown): string => {
    const text = v instanceof Date ? v.toISOString() : String(v);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  };
  return Object.keys(after)
    .filter((k) => show(before[k]) !== show(after[k]))
    .map((k) => `  ${k}: ${show(before[k])}  ->  ${show(after[k])}`);
}

/** Re-identification risk of the protected users table, then k-anonymization of its quasi-identifiers. */
export async function anonymizeStep({ engine, dir }: DemoContext): Promise<DemoStep> {
  const input = protectedPath(dir, 'users');
  const before = await runRiskJob(engine, input, { quasi: QUASI });
  const config = join(dir, 'anonymize.yaml');
  await writeFile(config, ANONYMIZATION);
  await writeFile(join(dir, 'country-hierarchy.csv'), `${COUNTRY_HIERARCHY.join('\n')}\n`);
  const out = join(dir, 'users.anonymized.parquet');
  const job = await runAnonymizeJob(engine, input, { configPath: config, out });
  const after = await runRiskJob(engine, out, { quasi: QUASI });
  const line = (label: string, r: RiskJobReport): string =>
    `${label.padEnd(11)} ${String(r.classes).padStart(6)} classes, unique records ${pct(r.uniqueShare)}, highest prosecutor risk ${pct(r.prosecutor.highest)}`;
  const lines = [
    `quasi-identifiers: ${QUASI.join(', ')}`,
    line('protected', before),
    line('anonymized', after),
    `levels ${Object.entries(job.levels ?? {})
      .map(([q, l]) => `${q}=${l}`)
      .join(' ')}, ${job.suppressed} of ${job.rows} records suppressed -> ${out}`,
  ];
  return {
    title: 'Anonymize: k-anonymity of the quasi-identifiers',
    lines,
    result: { quasi: QUASI, before: summary(before), after: summary(after), job },
  };
}

const summary = (r: RiskJobReport) => ({
  classes: r.classes,
  uniqueShare: r.uniqueShare,
  highestProsecutor: r.prosecutor.highest,
});

/** A differentially private count of users per country under a budget recorded in a ledger. */
export async function dpStep({ engine, dir, files }: DemoContext): Promise<DemoStep> {
  const ledger = { dir: join(dir, 'dp-ledger') };
  await rm(ledger.dir, { recursive: true, force: true }); // fresh data each run, so a fresh budget
  await setBudget(files.users, { epsilon: 3, delta: 1e-6 }, ledger);
  const spec = parseQuerySpec(
    { subject: 'user_id', statistic: 'count', groupBy: ['country'], epsilon: 1, delta: 1e-6 },
    'demo',
  );
  const ds = await openDataset(engine, files.users);
  try {
    const plan = prepareDpQuery(ds, spec);
    const { result, remaining } = await spendBudget(
      files.users,
      plan.cost,
      'demo: users per country',
      () => executeDpQuery(engine, ds, plan),
      ledger,
    );
    const exact = new Map(
      (await engine.all(`SELECT country, count(*) AS n FROM ${ds.relation} GROUP BY country`)).map((r) => [
        String(r.country),
        Number(r.n),
      ]),
    );
    const rows = result.rows.map((r) => {
      const country = String(r.group.country);
      return { country, released: Math.round(r.value), exact: exact.get(country) ?? 0 };
    });
    const lines = [
      `users per country, epsilon ${result.spent.epsilon}, delta ${result.spent.delta}; budget left epsilon ${Number(remaining.epsilon.toPrecision(6))}`,
      ...rows.map(
        (r) => `${r.country.padEnd(16)} released ${String(r.released).padStart(6)}  (exact ${r.exact})`,
      ),
    ];
    return {
      title: 'Differential privacy: released statistics',
      lines,
      result: { spent: result.spent, rows },
    };
  } finally {
    await ds.close();
  }
}

/** Two protections a team might choose, as location operator chains. */
const TRACE_PROTECTIONS = {
  'the policy (3 decimals, 15 min)': [
    { op: 'round_coordinates', decimals: 3 },
    { op: 'time_coarsen', unit: '15min' },
  ],
  'H3 res 5 cells, day buckets': [
    { op: 'h3', resolution: 5 },
    { op: 'time_coarsen', unit: 'day' },
  ],
};

/**
 * Unicity of the raw location traces against protected ones: how few points single a person out.
 * It shows that the policy's per-point rounding barely helps, and what coarsening it takes.
 */
export async function geoStep({ engine, files }: DemoContext): Promise<DemoStep> {
  const unicity = { resolution: 9, bucketMs: 3_600_000, points: [1, 2, 4], seed: 'veil-demo' };
  const byProtection: Record<string, { p: number; unicity: number }[]> = {};
  let raw: { p: number; unicity: number }[] = [];
  let points = 0;
  let subjects = 0;
  for (const [label, protection] of Object.entries(TRACE_PROTECTIONS)) {
    const { report } = await traceRiskFile(engine, files.locations, { unicity, protection });
    raw = report.raw.unicity.byP;
    ({ points, subjects } = report);
    byProtection[label] = report.protected?.unicity.byP ?? [];
  }
  const row = (label: string, byP: { unicity: number }[]): string =>
    `${label.padEnd(32)} ${byP.map((u) => pct(u.unicity).padStart(7)).join(' ')}`;
  const lines = [
    `${points} points of ${subjects} people; share of people singled out by p known points:`,
    `${'p ='.padEnd(32)} ${unicity.points.map((p) => String(p).padStart(7)).join(' ')}`,
    row('raw', raw),
    ...Object.entries(byProtection).map(([label, byP]) => row(label, byP)),
  ];
  return { title: 'Location privacy: trajectory unicity', lines, result: { raw, protected: byProtection } };
}
