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
