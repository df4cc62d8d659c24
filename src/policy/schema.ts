import { z } from 'zod';
import { DEFAULT_CATEGORIES, DEFAULT_PURPOSES } from '../taxonomy/default-taxonomy.js';
import { DOTTED_NAME, ROOT } from '../taxonomy/hierarchy.js';
import { KNOWN_OPS } from './operators.js';

/**
 * The structure of a policy file. References between parts (a rule's purpose, a field's category)
 * are checked afterwards against the merged taxonomy, in semantics.ts, so every problem gets its
 * own YAML path and line.
 */
const dottedName = z
  .string()
  .regex(DOTTED_NAME, { error: 'must be a dotted lower-case name such as user.contact.email' });
const nameOrRoot = z.union([z.literal(ROOT), dottedName], {
  error: `must be a dotted lower-case name, or "${ROOT}" for everything`,
});
const regionName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, { error: 'must be a lower-case region name such as eu' });

/** `30d`, `12w`, `2y` (a year counts 365 days). */
export const DURATION = /^([1-9][0-9]*)(d|w|y)$/;
const duration = z.string().regex(DURATION, { error: 'must be a duration such as 30d, 12w or 2y' });

const description = z.string().optional();

const categoryDecl = z.strictObject({ name: dottedName, description, content: z.boolean().optional() });
const nodeDecl = z.strictObject({ name: dottedName, description });

export const transformationSchema = z.looseObject({
  op: z.enum(KNOWN_OPS, { error: (issue) => `unknown operator ${JSON.stringify(issue.input)}` }),
  key: z.string().min(1).optional(),
});

const fieldDecl = z.union([dottedName, z.strictObject({ category: dottedName, description })]);

export const datasetSchema = z.strictObject({
  // Field names may be dotted paths into nested JSON (network.ip).
  description,
  subject: dottedName.optional(),
  subject_field: z.string().min(1).optional(),
  region: regionName.optional(),
  retention: duration.optional(),
  fields: z
    .record(z.string().min(1), fieldDecl)
    .describe('Field name (dotted for nested JSON) to data category, or { category, description }'),
});

export const ruleSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    purpose: nameOrRoot.meta({
      description: 'Purpose this rule governs, with its sub-purposes ("*" for all)',
      examples: DEFAULT_PURPOSES.map((p) => p.name),
    }),
    category: nameOrRoot.meta({
      description: 'Data category this rule governs, with its sub-categories ("*" for all)',
      examples: DEFAULT_CATEGORIES.map((c) => c.name),
    }),
    action: z.enum(['allow', 'deny']).optional().describe('Let the data through, or drop it'),
    transform: transformationSchema
      .optional()
      .describe('Let the data through only after this operator: { op, key?, ...params }'),
    reason: z.string().optional(),
  })
  .refine((r) => (r.action === undefined) !== (r.transform === undefined), {
    error: 'give exactly one of action (allow or deny) or transform',
  })
  .meta({ oneOf: [{ required: ['action'] }, { required: ['transform'] }] });

const retentionSchema = z.strictObject({
  category: nameOrRoot,
  max: duration,
  reason: z.string().optional(),
});

const regionSchema = z.strictObject({ description, may_flow_to: z.array(regionName).optional() });

export const policySchema = z.strictObject({
  version: z.literal(1, { error: 'version must be 1' }),
  description,
  taxonomy: z
    .strictObject({
      categories: z.array(categoryDecl).optional(),
      subjects: z.array(nodeDecl).optional(),
      purposes: z.array(nodeDecl).optional(),
    })
    .optional(),
  regions: z.record(regionName, regionSchema).optional(),
  datasets: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/), datasetSchema),
  rules: z.array(ruleSchema),
  retention: z.array(retentionSchema).optional(),
});

export type PolicyDocument = z.infer<typeof policySchema>;
export type RuleDocument = z.infer<typeof ruleSchema>;
export type DatasetDocument = z.infer<typeof datasetSchema>;

/** A JSON Schema for editors (`# yaml-language-server: $schema=...`). */
export function editorJsonSchema(schema: z.ZodType, name: string, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...json,
    $id: `https://veil.dev/schemas/${name}.schema.json`,
    title,
    description: `${title} (see docs/policy.md)`,
  };
}

export function policyJsonSchema(): Record<string, unknown> {
  return editorJsonSchema(policySchema, 'policy', 'Veil privacy policy');
}

/** The exact text of a checked-in schema file. */
export function schemaFileText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
