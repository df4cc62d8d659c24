import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { temporarySibling } from '../core/atomic.js';

/** One record that could not be read or processed, and why. */
export interface BadRecord {
  file: string;
  /** 1-based physical line where the record starts (text formats), or row number. */
  line?: number;
  row?: number;
  reason: string;
  /** The raw record, written only to the quarantine file the user asked for; never to logs. */
  record?: string;
}

/** How a reader treats malformed input: stop at the first bad record, or set it aside and go on. */
export type OnError = { mode: 'fail' } | { mode: 'quarantine'; path: string };

/** Writes bad records as JSONL to a temporary file, renamed into place when the run commits. */
export class QuarantineWriter {
  private readonly tmp: string;
  private readonly stream: WriteStream;
  count = 0;

  constructor(readonly path: string) {
    this.tmp = temporarySibling(path);
    this.stream = createWriteStream(this.tmp);
  }

  write(bad: BadRecord): void {
    this.count++;
    this.stream.write(`${JSON.stringify(bad)}\n`);
  }

  async commit(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
    await rm(this.tmp, { force: true });
  }
}
