import { SingleBar } from 'cli-progress';

/** Global flags every command honours. */
export interface GlobalOptions {
  json: boolean;
  quiet: boolean;
}

let globals: GlobalOptions = { json: false, quiet: false };

export function setGlobalOptions(options: GlobalOptions): void {
  globals = options;
}

export function globalOptions(): GlobalOptions {
  return globals;
}

/**
 * Prints a command's result: the JSON document with `--json`, otherwise the human rendering.
 * Results go to stdout; everything else (progress, notices) goes to stderr.
 */
export function emit(result: unknown, human: () => string): void {
  if (globals.json) {
    process.stdout.write(`${JSON.stringify(result, jsonReplacer, 2)}\n`);
    return;
  }
  const text = human();
  if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A notice on stderr, silenced by `--quiet` and `--json`. */
export function notice(message: string): void {
  if (!globals.quiet && !globals.json) process.stderr.write(`${message}\n`);
}

/** JSON cannot hold bigint; print integers that fit as numbers, others as strings. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/** A progress bar on stderr when stderr is a terminal; silent otherwise or with --quiet/--json. */
export function progress(label: string, total: number): Progress {
  if (!process.stderr.isTTY || globals.quiet || globals.json) {
    return { update: () => undefined, stop: () => undefined };
  }
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(Math.max(total, 1), 0);
  return {
    update: (done, newTotal) => {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
