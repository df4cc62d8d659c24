import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { VeilError } from '../core/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; where?: string; hint?: string };
}

/** Stable codes with their own status; anything else follows the error's kind. */
const STATUS_BY_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  UNKNOWN_DATASET: 404,
  KMS_UNAVAILABLE: 503,
};
const STATUS_BY_KIND: Record<string, number> = { usage: 400, input: 422, check: 409, internal: 500 };

/** Fixed messages: Fastify's own (e.g. a JSON parse error) may quote the request body. */
const CLIENT_MESSAGES: Record<number, string> = {
  400: 'malformed request',
  404: 'no such route',
  405: 'method not allowed',
  413: 'request body too large',
  415: 'unsupported content type',
};

export function errorBody(
  code: string,
  message: string,
  extra: { where?: string; hint?: string } = {},
): ErrorBody {
  return { error: { code, message, ...extra } };
}

export function toHttpError(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof VeilError && err.kind !== 'internal') {
    const status = STATUS_BY_CODE[err.code ?? ''] ?? STATUS_BY_KIND[err.kind] ?? 400;
    const extra = { ...(err.where ? { where: err.where } : {}), ...(err.hint ? { hint: err.hint } : {}) };
    return { status, body: errorBody(err.code ?? err.kind.toUpperCase(), err.message, extra) };
  }
  const fastifyError = err as Partial<FastifyError>;
  const status = fastifyError.statusCode ?? 500;
  if (fastifyError.validation && status === 400) {
    // Ajv messages name the field and the rule ("must be integer"), never the value.
    const first = fastifyError.validation[0];
    const where = `${fastifyError.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    return { status, body: errorBody('VALIDATION', first?.message ?? 'invalid request', { where }) };
  }
  if (status >= 400 && status < 500) {
    const code = fastifyError.code?.startsWith('FST_') ? fastifyError.code : 'BAD_REQUEST';
    return { status, body: errorBody(code, CLIENT_MESSAGES[status] ?? 'bad request') };
  }
  return { status: 500, body: errorBody('INTERNAL', 'internal error; see the server log') };
}

/** Logs the kind of a server error, not its message (driver errors can quote values). */
export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toHttpError(err);
  if (status >= 500) {
    const e = err as Partial<FastifyError>;
    request.log.error({ errorName: e.name ?? typeof err, errorCode: e.code }, 'request failed');
    if (process.env.VEIL_DEBUG && err instanceof Error)
      request.log.error({ stack: err.stack }, 'debug stack');
  }
  void reply.code(status).send(body);
}
