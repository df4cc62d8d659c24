import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { EXIT_CODES } from '../../core/errors.js';
import { defaultModelPath, loadNameModel } from '../../detect/ner/index.js';
import { protectDataset, type ProtectManifest } from '../../engine/index.js';
import { loadPolicy, type Policy } from '../../policy/index.js';
import { addInputOptions, inputOptions, type InputFlags } from '../dataset-options.js';
import { emit, notice, progress } from '../io.js';
import { keyDir, openKeyFiles } from './keys.js';

interface ProtectFlags extends InputFlags {
  policy: string;
  purpose: string;
  dataset?: string;
  out: string;
  outFormat?: string;
  keyring?: string;
  failOnQuarantine?: boolean;
  names: boolean;
  unordered?: boolean;
}

/** `veil protect`: apply a policy's plan for one purpose to a dataset (see docs/policy.md). */
export function register(program: Command): void {
  addInputOptions(
    program
      .command('protect')
      .description('write the form of a dataset a purpose may use, with a run manifest and OpenLineage event')
      .argument('<input>', 'input dataset (.csv, .jsonl, .parquet)')
      .requiredOption('--policy <file>', 'policy YAML file')
      .requiredOption('--purpose <purpose>', 'purpose, e.g. model_training')
      .requiredOption('--out <output>', 'output dataset (.csv, .jsonl, .parquet)')
      .option('--dataset <name>', 'dataset declared in the policy (default: named like the input file)')
      .option('--out-format <format>', 'output format (default: from the extension)')
      .option('--keyring <dir>', 'key directory (default: $VEIL_KEYRING or .veil)')
      .option('--fail-on-quarantine', 'exit 1 when any row was quarantined')
      .option('--unordered', 'write rows in any order (each row stays whole): faster on large inputs')
      .option('--no-names', 'redact_entities without the name model (patterns only)'),
  ).action(async (input: string, flags: ProtectFlags) => {
    const policy = await loadPolicy(flags.policy);
    const bar = progress('protect', 100);
    try {
      const result = await protectDataset({
        input,
        output: flags.out,
        policy,
        purpose: flags.purpose,
        ...(flags.dataset ? { dataset: flags.dataset } : {}),
        read: inputOptions(flags),
        ...(flags.outFormat ? { outFormat: flags.outFormat } : {}),
        keys: () => openKeyFiles(keyDir(flags)),
        ...nameModelOption(policy, flags),
        onProgress: (f) => bar.update(Math.round(f * 100)),
        ...(flags.unordered ? { preserveOrder: false } : {}),
      });
      bar.stop();
      const m = result.manifest;
      if (m.fields.undeclared.length)
        notice(`dropped fields the policy does not declare: ${m.fields.undeclared.join(', ')}`);
      emit(summary(result.manifest, result.manifestPath, result.lineagePath), () => render(m, result.output));
      if (flags.failOnQuarantine && m.quarantinedRows > 0) process.exitCode = EXIT_CODES.check;
    } finally {
      bar.stop();
    }
  });
}

/** The name model only when a rule redacts free text and the model is there. */
function nameModelOption(
  policy: Policy,
  flags: ProtectFlags,
): { nameModel?: ReturnType<typeof loadNameModel> } {
  if (!flags.names) return {};
  const uses = [...policy.rules].some(
    (r) => r.decision.kind === 'transform' && r.decision.transform.op === 'redact_entities',
  );
  if (!uses) return {};
  if (!existsSync(defaultModelPath())) {
    notice('name model not found; redact_entities finds patterns only (no PERSON/LOCATION/ORGANIZATION)');
    return {};
  }
  return { nameModel: loadNameModel() };
}

function summary(m: ProtectManifest, manifestPath: string, lineagePath: string): Record<string, unknown> {
  return {
    runId: m.runId,
    purpose: m.purpose,
    dataset: m.dataset,
    input: { path: m.input.name, sha256: m.input.sha256, rows: m.input.rows },
    output: { path: m.output.name, sha256: m.output.sha256, rows: m.output.rows },
    policy: m.policy,
    keys: m.keys,
    counts: m.counts,
    fields: m.fields,
    quarantinedRows: m.quarantinedRows,
    ...(m.quarantinePath ? { quarantinePath: m.quarantinePath } : {}),
    manifest: manifestPath,
    lineage: lineagePath,
  };
}

function render(m: ProtectManifest, output: string): string {
  const written = Object.entries(m.fields.written).map(([f, op]) => `  ${f}: ${op}`);
  return [
    `protected ${m.input.rows} rows of ${m.dataset} for ${m.purpose}: wrote ${m.output.rows} rows to ${output}`,
    ...written,
    m.fields.dropped.length ? `  dropped by the policy: ${m.fields.dropped.join(', ')}` : '',
    m.fields.undeclared.length ? `  dropped, not in the policy: ${m.fields.undeclared.join(', ')}` : '',
    m.quarantinedRows
      ? `  quarantined rows: ${m.quarantinedRows}${m.quarantinePath ? ` (${m.quarantinePath})` : ''}`
      : '',
    `  manifest: ${output}.manifest.json, lineage: ${output}.openlineage.json`,
  ]
    .filter(Boolean)
    .join('\n');
}
