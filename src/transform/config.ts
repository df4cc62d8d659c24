import { z } from 'zod';

/** The validated configuration of every operator, by name. Documented in docs/operators.md. */
const keyName = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a key name: a-z first, then a-z, 0-9, _ or -');
const field = z.string().min(1);
const version = z.number().int().positive().optional();

export const redactConfig = z.object({ op: z.literal('redact') }).strict();
export const replaceConfig = z
  .object({
    op: z.literal('replace'),
    value: z.string().optional(),
    entity_type: z.string().min(1).optional(),
  })
  .strict();
export const maskConfig = z
  .object({
    op: z.literal('mask'),
    char: z.string().length(1).default('*'),
    /** How many characters to mask at most (default: all that are not kept). */
    count: z.number().int().nonnegative().optional(),
    from_end: z.boolean().default(false),
    /** Characters left as they are and not counted (e.g. "-@. "). */
    skip: z.string().default(''),
    keep_first: z.number().int().nonnegative().default(0),
    keep_last: z.number().int().nonnegative().default(0),
  })
  .strict();
export const hashConfig = z
  .object({
    op: z.literal('hash'),
    algorithm: z.enum(['sha256', 'sha512']).default('sha256'),
    salt: z.string().min(1, 'hash needs an explicit salt'),
    encoding: z.enum(['hex', 'base64url']).default('hex'),
  })
  .strict();
export const pseudonymizeConfig = z
  .object({
    op: z.literal('pseudonymize'),
    key: keyName,
    version,
    /** Same domain: same pseudonym (joinable); different domains: unrelated pseudonyms. */
    domain: z.string().default(''),
    encoding: z.enum(['hex', 'base32', 'base64url']).default('hex'),
    /** Digest bytes kept (8..32). */
    bytes: z.number().int().min(8).max(32).default(32),
    /** Prefix "<key>v<version>_" so the key version travels with the pseudonym. */
    tagged: z.boolean().default(false),
  })
  .strict();
export const deterministicConfig = z
  .object({ op: z.literal('encrypt_deterministic'), key: keyName, version, context: z.string().default('') })
  .strict();
export const encryptConfig = z
  .object({ op: z.literal('encrypt'), key: keyName, version, subject_field: field.optional() })
  .strict();
const fpeFields = {
  key: keyName,
  version,
  /** A named alphabet (digits, hex, lower, upper, alnum, alnum_mixed) or the characters themselves. */
  alphabet: z.string().min(2).default('digits'),
  /** A fixed tweak (hex), or a field whose value becomes the tweak (hashed). */
  tweak: z
    .string()
    .regex(/^([0-9a-fA-F]{2})*$/)
    .optional(),
  tweak_field: field.optional(),
};
export const ff1Config = z.object({ op: z.literal('fpe_ff1'), ...fpeFields }).strict();
export const ff31Config = z.object({ op: z.literal('fpe_ff3_1'), ...fpeFields }).strict();
export const tokenizeConfig = z.object({ op: z.literal('tokenize'), key: keyName, version }).strict();
export const dateShiftConfig = z
  .object({
    op: z.literal('date_shift'),
    key: keyName,
    version,
    subject_field: field.optional(),
    max_days: z.number().int().min(1).max(3650),
  })
  .strict();
export const timePartConfig = z
  .object({
    op: z.literal('time_part'),
    part: z.enum(['year', 'quarter', 'month', 'year_month', 'date', 'weekday', 'hour', 'minute']),
  })
  .strict();
const range = z.object({ min: z.number(), max: z.number(), label: z.string().optional() }).strict();
export const bucketConfig = z
  .object({
    op: z.literal('bucket'),
    size: z.number().positive().optional(),
    origin: z.number().default(0),
    ranges: z.array(range).min(1).optional(),
    /** Label for values outside every range. */
    other: z.string().default('other'),
  })
  .strict()
  .refine((c) => (c.size === undefined) !== (c.ranges === undefined), {
    message: 'bucket needs exactly one of size or ranges',
  });
export const generalizeConfig = z
  .object({
    op: z.literal('generalize'),
    /** child value -> parent value, e.g. {"Paris": "Île-de-France", "Île-de-France": "France"}. */
    hierarchy: z.record(z.string(), z.string()),
    level: z.number().int().min(1).default(1),
    other: z.string().default('*'),
  })
  .strict();
export const suppressConfig = z.object({ op: z.literal('suppress') }).strict();
export const keepConfig = z.object({ op: z.literal('keep') }).strict();

export const operatorConfig = z.discriminatedUnion('op', [
  redactConfig,
  replaceConfig,
  maskConfig,
  hashConfig,
  pseudonymizeConfig,
  deterministicConfig,
  encryptConfig,
  ff1Config,
  ff31Config,
  tokenizeConfig,
  dateShiftConfig,
  timePartConfig,
  bucketConfig,
  generalizeConfig,
  suppressConfig,
  keepConfig,
]);

export type OperatorConfig = z.infer<typeof operatorConfig>;
export type OperatorInput = z.input<typeof operatorConfig>;
export type ConfigOf<N extends OperatorConfig['op']> = Extract<OperatorConfig, { op: N }>;
