import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAnalyzer, redactText } from '../detect/index.js';
import { loadNameModel } from '../detect/ner/index.js';
import { parseQuerySpec } from '../dp/spec.js';
import { runAnonymizeJob, runRiskJob, type RiskJobReport } from '../engine/anonymize-job.js';
import { executeDpQuery, prepareDpQuery } from '../engine/dp-query.js';
import { setBudget, spendBudget } from '../engine/dp-ledger.js';
import { openDataset, sqlIdent, type Engine } from '../engine/index.js';
import { traceRiskFile } from '../engine/traces-jobs.js';
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
const ANONYMIZATION = `# Written by veil demo: generalize the users' quasi-identifiers to 5-anonymity.
method: global
quasi:
  birth_date: { type: date, levels: [month, year, decade] }
  gender: { type: mask, length: 1 }
  country: { type: csv, file: country-hierarchy.csv }
models:
  - { model: k-anonymity, k: 5 }
suppression: 0.05
`;

/** Re-identification risk of the users table, then k-anonymization of its quasi-identifiers. */
export async function anonymizeStep(
  { engine, dir, files }: DemoContext,
  input = files.users,
): Promise<DemoStep> {
  const before = await runRiskJob(engine, input, { quasi: QUASI });
  const config = join(dir, 'anonymize.yaml');
  await writeFile(config, ANONYMIZATION);
  await writeFile(join(dir, 'country-hierarchy.csv'), `${COUNTRY_HIERARCHY.join('\n')}\n`);
  const out = join(dir, 'users.anonymized.csv');
  const job = await runAnonymizeJob(engine, input, { configPath: config, out });
  const after = await runRiskJob(engine, out, { quasi: QUASI });
  const line = (label: string, r: RiskJobReport): string =>
    `${label.padEnd(11)} ${String(r.classes).padStart(6)} classes, unique records ${pct(r.uniqueShare)}, highest prosecutor risk ${pct(r.prosecutor.highest)}`;
  const lines = [
    `quasi-identifiers: ${QUASI.join(', ')}`,
    line('raw', before),
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

/** Unicity of the raw location traces against coarsened ones: how few points single a person out. */
export async function geoStep({ engine, files }: DemoContext): Promise<DemoStep> {
  const { report } = await traceRiskFile(engine, files.locations, {
    unicity: { resolution: 9, bucketMs: 3_600_000, points: [1, 2, 4], seed: 'veil-demo' },
    protection: [
      { op: 'h3', resolution: 6 },
      { op: 'time_coarsen', unit: 'day' },
    ],
  });
  const protectedByP = report.protected?.unicity.byP ?? [];
  const lines = [
    `${report.points} points of ${report.subjects} people; protected = H3 resolution 6 cells, day buckets`,
    ...report.raw.unicity.byP.map(
      (u, i) =>
        `${u.p} point(s) single out ${pct(u.unicity)} of people raw, ${pct(protectedByP[i]?.unicity ?? 0)} protected`,
    ),
  ];
  return {
    title: 'Location privacy: trajectory unicity',
    lines,
    result: { raw: report.raw.unicity.byP, protected: protectedByP },
  };
}
