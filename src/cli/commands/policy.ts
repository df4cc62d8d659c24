import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { EXIT_CODES, InputError } from '../../core/errors.js';
import { explain, type Explanation } from '../../policy/explain.js';
import { loadPolicy, validatePolicyText } from '../../policy/load.js';
import { decisionLabel } from '../../policy/model.js';
import { policyJsonSchema } from '../../policy/schema.js';
import { formatProblem } from '../../policy/yaml-source.js';
import { emit } from '../io.js';

/** `veil policy validate|explain|schema`: privacy-as-code policies (see docs/policy.md). */
export function register(program: Command): void {
  const policy = program.command('policy').description('validate and explain privacy policies');
  registerValidate(policy);
  registerExplain(policy);
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
