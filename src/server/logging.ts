import pino, { type DestinationStream, type Logger } from 'pino';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go (stdout by default); tests pass a stream to inspect them. */
  destination?: DestinationStream;
}

/** Belt and braces: our serializers never emit these, and pino blanks them if anything does. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  'body',
  'req.body',
  'res.body',
];

/**
 * Structured JSON logs that carry no sensitive values: requests are logged as method + route
 * pattern (no query string, no headers, no body), responses as status code only.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          route: req.routeOptions?.url ?? 'unmatched',
          remoteAddress: req.ip,
        }),
        res: (res: FastifyReply) => ({ statusCode: res.statusCode }),
      },
    },
    options.destination ?? pino.destination(1),
  );
}
