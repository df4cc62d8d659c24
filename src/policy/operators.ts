import { z } from 'zod';
import {
  geohashConfig,
  geoIndConfig,
  gridSnapConfig,
  h3Config,
  roundConfig,
  timeCoarsenConfig,
} from '../geo/operators.js';
import { isEntityType } from '../taxonomy/entities.js';
import { operatorConfig, operatorNames } from '../transform/index.js';

/**
 * The value operators a rule may name. Value operators come from src/transform, location operators
 * from src/geo, and `redact_entities` is the detection engine's free-text redaction (content
 * categories only). Parameters are checked by each operator's own schema, so a policy that
 * validates is one the protect job can compile.
 */
export const VALUE_OPS = operatorNames;
export const GEO_OPS = [
  'h3',
  'geohash',
  'grid_snap',
  'round_coordinates',
  'geo_indistinguishability',
  'time_coarsen',
] as const;
/** Each location operator's own schema, so a problem points at the parameter rather than the union. */
const GEO_SCHEMAS: Record<(typeof GEO_OPS)[number], z.ZodType> = {
  h3: h3Config,
  geohash: geohashConfig,
  grid_snap: gridSnapConfig,
  round_coordinates: roundConfig,
  geo_indistinguishability: geoIndConfig,
  time_coarsen: timeCoarsenConfig,
};
export const CONTENT_OPS = ['redact_entities'] as const;
export const KNOWN_OPS = [...VALUE_OPS, ...GEO_OPS, ...CONTENT_OPS] as const;
export type OperatorName = (typeof KNOWN_OPS)[number];

/** Operators that cannot run without a named key (a missing key is a policy error, not a runtime one). */
export const KEYED_OPS: ReadonlySet<string> = new Set([
  'pseudonymize',
  'encrypt_deterministic',
  'encrypt',
  'fpe_ff1',
  'fpe_ff3_1',
  'tokenize',
  'date_shift',
]);

/** A rule's transformation: `{ op, key?, ...params }`. */
export interface TransformationConfig {
  op: OperatorName;
  key?: string;
  [param: string]: unknown;
}

export function isKnownOp(name: string): name is OperatorName {
  return (KNOWN_OPS as readonly string[]).includes(name);
}

export interface ParamProblem {
  /** Path below the transformation object, e.g. ['resolution']. */
  path: (string | number)[];
  message: string;
}

const redactEntitiesParams = z.strictObject({
  op: z.literal('redact_entities'),
  entities: z.array(z.string()).min(1).optional(),
  /** `type` writes `<ENTITY>` in place of each finding, as src/detect's redactText does. */
  replacement: z.enum(['type']).optional(),
  min_score: z.number().min(0).max(1).optional(),
});

/** Checks an operator's parameters with the operator's own schema where one is available. */
export function checkOperatorParams(config: TransformationConfig): ParamProblem[] {
  if (KEYED_OPS.has(config.op) && !config.key) {
    return [{ path: ['key'], message: `operator "${config.op}" needs a key` }];
  }
  if ((VALUE_OPS as readonly string[]).includes(config.op)) return zodProblems(operatorConfig, config);
  if (config.key !== undefined) return [{ path: ['key'], message: `operator "${config.op}" takes no key` }];
  const geo = GEO_SCHEMAS[config.op as keyof typeof GEO_SCHEMAS];
  if (geo) return zodProblems(geo, config);
  if (config.op === 'redact_entities') return redactEntitiesProblems(config);
  return [];
}

function redactEntitiesProblems(config: TransformationConfig): ParamProblem[] {
  const problems = zodProblems(redactEntitiesParams, config);
  const entities = Array.isArray(config.entities) ? config.entities : [];
  entities.forEach((name, i) => {
    if (typeof name === 'string' && !isEntityType(name)) {
      problems.push({ path: ['entities', i], message: `unknown entity type "${name}"` });
    }
  });
  return problems;
}

function zodProblems(schema: z.ZodType, config: TransformationConfig): ParamProblem[] {
  const parsed = schema.safeParse(config);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    return { path, message: missing ? `missing parameter "${String(path.at(-1))}"` : issue.message };
  });
}
