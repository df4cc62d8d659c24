import type { Command } from 'commander';
import { EXIT_CODES } from '../../core/errors.js';
import { checkPipeline, type GateResult, type Violation } from '../../policy/gate.js';
import { loadPolicy } from '../../policy/load.js';
import { loadPipeline } from '../../policy/pipeline.js';
import { emit } from '../io.js';

/** `veil check PIPELINE.yaml --policy FILE`: the CI gate; exit 1 with each violation, 0 when clean. */
export function register(program: Command): void {
  program
    .command('check')
    .description('check a pipeline manifest against a policy; exit 1 on any violation')
    .argument('<pipeline>', 'pipeline manifest YAML (purpose, inputs, outputs)')
    .requiredOption('--policy <file>', 'policy YAML file')
    .action(async (pipelinePath: string, flags: { policy: string }) => {
      const policy = await loadPolicy(flags.policy);
      const result = checkPipeline(policy, await loadPipeline(pipelinePath, policy));
      emit(result, () => renderGate(result));
      if (result.violations.length) process.exitCode = EXIT_CODES.check;
    });
}

function renderViolation(v: Violation): string {
  const category = v.category ? ` (${v.category})` : '';
  const rule = v.ruleWhere ? `${v.rule} at ${v.ruleWhere}` : v.rule;
  return `${v.where} ${v.kind}: ${v.field}${category} for ${v.purpose}: ${v.message} [${rule}]`;
}

function renderGate(r: GateResult): string {
  if (!r.violations.length) return `${r.pipeline}: ok (${r.fieldsChecked} fields checked for ${r.purpose})`;
  const n = r.violations.length;
  return [...r.violations.map(renderViolation), `${r.pipeline}: ${n} violation${n === 1 ? '' : 's'}`].join(
    '\n',
  );
}
