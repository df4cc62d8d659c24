import { z } from 'zod';
import { durationDays } from './duration.js';
import { invalidFile, readText, zodProblems } from './load.js';
import type { Policy } from './model.js';
import { checkOperatorParams, type TransformationConfig } from './operators.js';
import { DURATION, editorJsonSchema, transformationSchema } from './schema.js';
import { YamlSource, type Problem } from './yaml-source.js';

/**
 * A pipeline manifest: the purpose a pipeline serves, the dataset fields it reads (raw, or in the
 * protected form it reads them, e.g. from a `veil protect` output) and where its outputs live.
 */
const inputField = z.union([
  z.string().min(1),
  z.strictObject({ field: z.string().min(1), transform: transformationSchema }),
]);

export const pipelineSchema = z.strictObject({
  pipeline: z.string().min(1),
  description: z.string().optional(),
  purpose: z.string().min(1),
  region: z.string().min(1).optional(),
  inputs: z
    .array(z.strictObject({ dataset: z.string().min(1), fields: z.array(inputField).min(1) }))
    .min(1, { error: 'a pipeline reads at least one input' }),
  outputs: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        path: z.string().optional(),
        region: z.string().min(1).optional(),
        retention: z
          .string()
          .regex(DURATION, { error: 'must be a duration such as 30d, 12w or 2y' })
          .optional(),
      }),
    )
    .default([]),
});

export function pipelineJsonSchema(): Record<string, unknown> {
  return editorJsonSchema(pipelineSchema, 'pipeline', 'Veil pipeline manifest');
}

export interface PipelineInputField {
  dataset: string;
  field: string;
  /** The form the pipeline reads the field in; absent means raw. */
  transform?: TransformationConfig;
  where: string;
}

export interface PipelineOutput {
  name: string;
  path?: string;
  region?: string;
  retentionDays?: number;
  where: string;
}

export interface PipelineManifest {
  file: string;
  pipeline: string;
  purpose: string;
  region?: string;
  /** Line of `region:` in the manifest. */
  regionLine?: number;
  fields: PipelineInputField[];
  outputs: PipelineOutput[];
}

/** Parses a manifest; its purpose must be one the policy knows (every problem with its line). */
export function parsePipeline(text: string, path: string, policy: Policy): PipelineManifest {
  const src = new YamlSource(path, text);
  const syntax = src.syntaxProblems();
  if (syntax.length) throw invalidFile('pipeline', syntax);
  const parsed = pipelineSchema.safeParse(src.toJS());
  if (!parsed.success) throw invalidFile('pipeline', zodProblems(parsed.error.issues, src));
  const doc = parsed.data;
  const problems: Problem[] = [];
  if (!policy.purposes.has(doc.purpose) || doc.purpose === '*') {
    const near = policy.purposes.suggest(doc.purpose);
    problems.push(
      src.problem(
        ['purpose'],
        `unknown purpose "${doc.purpose}"`,
        near.length ? `did you mean ${near.join(', ')}?` : undefined,
      ),
    );
  }
  const fields = doc.inputs.flatMap((input, i) =>
    input.fields.map((entry, j): PipelineInputField => {
      const at = ['inputs', i, 'fields', j];
      const where = `${src.file}:${src.lineOf(at)}`;
      if (typeof entry === 'string') return { dataset: input.dataset, field: entry, where };
      const transform = entry.transform as TransformationConfig;
      for (const p of checkOperatorParams(transform))
        problems.push(src.problem([...at, 'transform', ...p.path], p.message));
      return { dataset: input.dataset, field: entry.field, transform, where };
    }),
  );
  if (problems.length) throw invalidFile('pipeline', problems);
  const outputs = doc.outputs.map((o, i): PipelineOutput => {
    const out: PipelineOutput = { name: o.name, where: `${src.file}:${src.lineOf(['outputs', i])}` };
    if (o.path) out.path = o.path;
    if (o.region) out.region = o.region;
    if (o.retention) out.retentionDays = durationDays(o.retention);
    return out;
  });
  const manifest: PipelineManifest = {
    file: src.file,
    pipeline: doc.pipeline,
    purpose: doc.purpose,
    fields,
    outputs,
  };
  if (doc.region) {
    manifest.region = doc.region;
    manifest.regionLine = src.lineOf(['region']);
  }
  return manifest;
}

export async function loadPipeline(path: string, policy: Policy): Promise<PipelineManifest> {
  return parsePipeline(await readText(path, 'pipeline'), path, policy);
}
