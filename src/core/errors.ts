/**
 * The one error vocabulary of Veil. Every layer throws these; the CLI maps `kind` to an exit code
 * and the HTTP server maps it to a status. Messages must never contain secrets or sensitive values:
 * say *where* (file, line, row, field, policy path) and *what is wrong*, not the value itself.
 */
export type ErrorKind = 'usage' | 'input' | 'check' | 'internal';

/** CLI exit codes, as documented in the README. */
export const EXIT_CODES = { ok: 0, check: 1, usage: 2, input: 3, internal: 4 } as const;

export interface ErrorDetails {
  /** Where the problem is: `data.csv:17`, `policy.yaml:rules[3].purpose`, `row 42, field email`. */
  where?: string;
  /** What the user can do about it. */
  hint?: string;
  /** A stable machine-readable code, e.g. `CSV_MALFORMED`, `KEY_DESTROYED`. */
  code?: string;
}

export class VeilError extends Error {
  readonly kind: ErrorKind;
  readonly where: string | undefined;
  readonly hint: string | undefined;
  readonly code: string | undefined;

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'VeilError';
    this.kind = kind;
    this.where = details.where;
    this.hint = details.hint;
    this.code = details.code;
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }

  /** One clear line: what, where, and a hint. */
  toLine(): string {
    let line = this.message;
    if (this.where) line += ` (at ${this.where})`;
    if (this.hint) line += `; hint: ${this.hint}`;
    return line;
  }

  toJSON(): Record<string, string> {
    const out: Record<string, string> = { kind: this.kind, message: this.message };
    if (this.code) out.code = this.code;
    if (this.where) out.where = this.where;
    if (this.hint) out.hint = this.hint;
    return out;
  }
}

/** The caller asked for something impossible or malformed (bad flags, bad config). Exit 2. */
export class UsageError extends VeilError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('usage', message, details);
    this.name = 'UsageError';
  }
}

/** The data given to Veil is malformed or unreadable. Exit 3. */
export class InputError extends VeilError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('input', message, details);
    this.name = 'InputError';
  }
}

/** Wraps anything that is not a VeilError, without leaking its message (it may carry values). */
export function asVeilError(err: unknown): VeilError {
  if (err instanceof VeilError) return err;
  const name = err instanceof Error ? err.name : typeof err;
  return new VeilError('internal', `internal error (${name})`, {
    hint: 'set VEIL_DEBUG=1 to print the stack trace; please report it',
  });
}
