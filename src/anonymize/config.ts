import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { dateHierarchy, intervalHierarchy, maskHierarchy, type Hierarchy } from './hierarchy.js';
import { METRICS } from './metrics.js';
import type { PrivacyModel } from './models.js';

/**
 * The anonymization config (`anon.yaml`). Hierarchy files are paths relative to the config;
 * reading them is the caller's job, so this module stays pure.
 */
const hierarchySpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('csv'), file: z.string().min(1) }).strict(),
  z
    .object({
      type: z.literal('interval'),
      widths: z.array(z.number().positive()).min(1),
      origin: z.number().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('date'),
      levels: z
        .array(z.enum(['month', 'year', 'decade']))
        .min(1)
        .optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('mask'),
      length: z.number().int().positive(),
      char: z.string().length(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal('numeric') }).strict(),
  z.object({ type: z.literal('categorical') }).strict(),
]);

const attribute = z.string().min(1);
const modelSpec = z.discriminatedUnion('model', [
  z.object({ model: z.literal('k-anonymity'), k: z.number().int().positive() }).strict(),
  z.object({ model: z.literal('distinct-l-diversity'), attribute, l: z.number().int().positive() }).strict(),
  z.object({ model: z.literal('entropy-l-diversity'), attribute, l: z.number().min(1) }).strict(),
  z
    .object({
      model: z.literal('recursive-cl-diversity'),
      attribute,
      c: z.number().positive(),
      l: z.number().int().positive(),
    })
    .strict(),
  z
    .object({
      model: z.literal('t-closeness'),
      attribute,
      t: z.number().min(0).max(1),
      distance: z.enum(['equal', 'hierarchical']).default('equal'),
    })
    .strict(),
]);

const configSchema = z
  .object({
    method: z.enum(['global', 'mondrian']).default('global'),
    quasi: z.record(z.string(), hierarchySpec),
    sensitive: z
      .record(z.string(), z.union([z.null(), z.object({ hierarchy: z.string().min(1) }).strict()]))
      .default({}),
    models: z.array(modelSpec).min(1),
    suppression: z.number().min(0).max(1).default(0),
    metric: z.enum(METRICS as [string, ...string[]]).default('loss'),
    search: z.enum(['optimal', 'heuristic', 'exhaustive']).default('optimal'),
    dropSuppressed: z.boolean().default(false),
  })
  .strict();

export type HierarchySpec = z.infer<typeof hierarchySpec>;
export type AnonymizationConfig = Omit<z.infer<typeof configSchema>, 'models' | 'metric'> & {
  models: PrivacyModel[];
  metric: (typeof METRICS)[number];
};

/** Parses and validates the YAML text; errors name the config path and key. */
export function parseAnonymizationConfig(text: string, source = 'anon.yaml'): AnonymizationConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    throw new UsageError('the anonymization config is not valid YAML', { where: source });
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`invalid anonymization config: ${issue.message}`, {
      where: `${source}:${issue.path.join('.') || '(root)'}`,
      hint: 'see docs/anonymize.md for the config format',
    });
  }
  const config = parsed.data;
  if (Object.keys(config.quasi).length === 0) {
    throw new UsageError('no quasi-identifiers configured', { where: `${source}:quasi` });
  }
  return {
    ...config,
    models: config.models.map(toModel),
    metric: config.metric as AnonymizationConfig['metric'],
  };
}

function toModel(spec: z.infer<typeof modelSpec>): PrivacyModel {
  const { model, ...rest } = spec;
  return { kind: model, ...rest } as PrivacyModel;
}

/** Builds a hierarchy from a spec; CSV specs need the file's text via `readCsv`. */
export function hierarchyFromSpec(
  spec: HierarchySpec,
  readCsv: (file: string) => Hierarchy,
): Hierarchy | undefined {
  switch (spec.type) {
    case 'csv':
      return readCsv(spec.file);
    case 'interval':
      return intervalHierarchy(spec.widths, spec.origin);
    case 'date':
      return dateHierarchy(spec.levels);
    case 'mask':
      return maskHierarchy(spec.length, spec.char);
    default:
      return undefined;
  }
}
