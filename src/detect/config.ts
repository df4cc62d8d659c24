import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { VALIDATORS } from './validators/registry.js';

/** Longest custom pattern accepted, and a screen for nested unbounded quantifiers like (a+)+. */
const MAX_PATTERN = 2000;
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]/;

const customRecognizer = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _'),
    entity: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'upper-case letters, digits and _'),
    regex: z.string().min(1).max(MAX_PATTERN),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'only i, m, s, u')
      .default(''),
    score: z.number().min(0).max(1),
    validator: z.string().optional(),
    context: z.array(z.string().min(1)).default([]),
    context_required: z.boolean().default(false),
  })
  .strict();

export const detectConfigSchema = z
  .object({
    entities: z.array(z.string()).optional(),
    threshold: z.number().min(0).max(1).optional(),
    allow_list: z.array(z.string()).default([]),
    context_window: z
      .object({ before: z.number().int().min(0).max(50), after: z.number().int().min(0).max(50) })
      .strict()
      .optional(),
    phone_regions: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
    context_words: z.record(z.string(), z.array(z.string())).default({}),
    recognizers: z.array(customRecognizer).default([]),
  })
  .strict();

export type DetectConfig = z.infer<typeof detectConfigSchema>;
export type CustomRecognizerConfig = z.infer<typeof customRecognizer>;

/** Parses and validates a YAML detection config; errors name the YAML path, never a value. */
export function parseDetectConfig(yamlText: string, file = 'config'): DetectConfig {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText) ?? {};
  } catch (err) {
    const line = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new UsageError('config is not valid YAML', {
      where: line ? `${file}:${line}` : file,
      hint: 'check the YAML syntax',
    });
  }
  const parsed = detectConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`invalid detection config: ${issue.message}`, {
      where: `${file}:${issue.path.map(String).join('.') || '(root)'}`,
      hint: 'see docs/detect.md for the config format',
    });
  }
  parsed.data.recognizers.forEach((r, i) => checkCustom(r, `${file}:recognizers.${i}`));
  return parsed.data;
}

function checkCustom(r: CustomRecognizerConfig, where: string): void {
  if (r.validator !== undefined && !Object.hasOwn(VALIDATORS, r.validator)) {
    throw new UsageError('unknown validator', {
      where: `${where}.validator`,
      hint: `use one of: ${Object.keys(VALIDATORS).join(', ')}`,
    });
  }
  if (NESTED_QUANTIFIER.test(r.regex)) {
    throw new UsageError('regex has a nested unbounded quantifier (catastrophic backtracking risk)', {
      where: `${where}.regex`,
      hint: 'bound the inner repetition, e.g. [a-z]{1,20} instead of [a-z]+ inside a repeated group',
    });
  }
  try {
    new RegExp(r.regex, `${r.flags}g`);
  } catch {
    throw new UsageError('regex does not compile', {
      where: `${where}.regex`,
      hint: 'use JavaScript regex syntax',
    });
  }
}
