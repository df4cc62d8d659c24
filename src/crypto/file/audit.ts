import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditSink, RevealEvent } from '../audit.js';

/** Reveal events appended as JSON lines (no values ever reach this file). */
export class FileAuditSink implements AuditSink {
  constructor(readonly path: string) {}

  async record(event: RevealEvent): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await appendFile(this.path, `${JSON.stringify(event)}\n`, { mode: 0o600 });
  }
}
