/** JSON schemas shared by routes; responses are serialized through them, so undeclared fields never leak. */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        where: { type: 'string' },
        hint: { type: 'string' },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

/** The denials every authenticated route can answer. */
export const authErrors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema } as const;

export const bearer = [{ bearer: [] }];

/** The failures of routes that run policies and keys: unknown things, conflicts, bad data, no KMS. */
export const serviceErrors = {
  ...authErrors,
  404: errorSchema,
  409: errorSchema,
  413: errorSchema,
  422: errorSchema,
  503: errorSchema,
} as const;

/** Dataset names as policies declare them; purposes as dotted names. Anything else is refused early. */
export const datasetName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,127}$' } as const;
export const purposeName = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$',
  maxLength: 200,
} as const;
export const policyName = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' } as const;
