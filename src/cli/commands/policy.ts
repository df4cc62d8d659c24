import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { writeAtomically } from '../../core/atomic.js';
import { EXIT_CODES, InputError, UsageError } from '../../core/errors.js';
import { draftPolicyFromDataset } from '../../engine/policy-init.js';
import { explain, type Explanation } from '../../policy/explain.js';
import { loadPolicy, validatePolicyText } from '../../policy/load.js';
import { decisionLabel } from '../../policy/model.js';
import { policyJsonSchema } from '../../policy/schema.js';
import { formatProblem } from '../../policy/yaml-source.js';
import { addInputOptions, inputOptions, type InputFlags } from '../dataset-options.js';
import { emit, notice } from '../io.js';

/** `veil policy validate|explain|schema|init`: privacy-as-code policies (see docs/policy.md). */
export function register(program: Command): void {
  const policy = program.command('policy').description('validate, explain and draft privacy policies');
  registerValidate(policy);
  registerExplain(policy);
  registerInit(policy);
  policy
    .command('schema')
    .description('print the JSON Schema of policy files (for editor completion)')
    .action(() => emit(policyJsonSchema(), () => JSON.stringify(policyJsonSchema(), null, 2)));
}

function registerValidate(policy: Command): void {
  policy
    .command('validate')
    .description('check a policy file; lists every problem with its line, exit 1 if any')
    .argument('<file>', 'policy YAML file')
    .action(async (file: string) => {
      const text = await readFile(file, 'utf8').catch(() => {
        throw new InputError('cannot read the policy file', { where: file, hint: 'check the path' });
      });
      const { policy: valid, problems } = validatePolicyText(text, file);
      const summary = valid
        ? { datasets: valid.datasets.size, rules: valid.rules.length, sha256: valid.sha256 }
        : undefined;
      emit({ file, valid: Boolean(valid), problems, ...(summary ? { summary } : {}) }, () =>
        summary
          ? `${file}: valid (${summary.datasets} datasets, ${summary.rules} rules)`
          : problems.map(formatProblem).join('\n'),
      );
      if (!valid) process.exitCode = EXIT_CODES.check;
    });
}

function registerExplain(policy: Command): void {
  policy
    .command('explain')
    .description('what each field of a dataset becomes for a purpose, and which rule decided it')
    .requiredOption('--policy <file>', 'policy YAML file')
    .requiredOption('--purpose <purpose>', 'purpose, e.g. model_training.recommendation')
    .requiredOption('--dataset <name>', 'dataset declared in the policy')
    .action(async (flags: { policy: string; purpose: string; dataset: string }) => {
      const result = explain(await loadPolicy(flags.policy), flags.purpose, flags.dataset);
      emit(result, () => renderExplanation(result));
    });
}

interface InitFlags extends InputFlags {
  fromScan: string;
  dataset?: string;
  out?: string;
  force?: boolean;
  sample?: string;
}

function registerInit(policy: Command): void {
  addInputOptions(
    policy
      .command('init')
      .description('draft dataset declarations from table discovery, for a human to review')
      .requiredOption('--from-scan <dataset>', 'the dataset to scan (CSV, JSONL or Parquet)')
      .option('--dataset <name>', 'dataset name in the policy (default: the file name)')
      .option('--out <file>', 'write the draft policy here (default: stdout)')
      .option('--force', 'overwrite --out if it exists')
      .option('--sample <rows>', 'rows to examine, spread over the whole file (default 10000)'),
  ).action(async (flags: InitFlags) => {
    if (flags.out && !flags.force && existsSync(flags.out))
      throw new UsageError('the output file exists', {
        where: flags.out,
        hint: 'use --force to overwrite it',
      });
    const sample = flags.sample === undefined ? undefined : Number(flags.sample);
    if (sample !== undefined && !(Number.isInteger(sample) && sample > 0))
      throw new UsageError('--sample must be a positive integer', { where: '--sample' });
    const result = await draftPolicyFromDataset(flags.fromScan, {
      ...inputOptions(flags),
      ...(flags.dataset ? { dataset: flags.dataset } : {}),
      ...(sample ? { sample } : {}),
    });
    if (flags.out) {
      await writeAtomically(flags.out, (tmp) => writeFile(tmp, result.yaml));
      const review = result.draft.fields.filter((f) => f.review).length;
      notice(`wrote ${flags.out}: ${result.draft.fields.length} fields, ${review} to review`);
    }
    emit({ ...result.draft, rows: result.rows, examinedRows: result.examinedRows, yaml: result.yaml }, () =>
      flags.out ? '' : result.yaml.trimEnd(),
    );
  });
}

function renderExplanation(e: Explanation): string {
  const rows = e.fields.map((f) => [
    f.field,
    f.category,
    f.step === 'keep' || f.step === 'drop' ? f.step : decisionLabel({ kind: 'transform', transform: f.step }),
    f.rule ? `${f.rule.label} at ${f.rule.where}` : 'default deny (no rule covers it)',
  ]);
  const header = ['field', 'category', 'becomes', 'decided by'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const extra = [
    e.plan.retentionDays !== undefined ? `retention: at most ${e.plan.retentionDays} days` : '',
    e.plan.region ? `region: data must stay in ${e.plan.region}` : '',
    'fields not declared in the policy are dropped',
  ].filter(Boolean);
  return [`purpose ${e.purpose}, dataset ${e.dataset}`, line(header), ...rows.map(line), ...extra].join('\n');
}
