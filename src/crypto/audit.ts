/**
 * Reveal audit: who decrypted or de-tokenized how many values under which key, and when. Never the
 * values. The CLI writes JSONL; the service brings a tamper-evident sink behind the same interface.
 */
export interface RevealEvent {
  at: string;
  actor: string;
  action: 'decrypt' | 'detokenize';
  operator: string;
  keyId: string;
  versions: number[];
  count: number;
  erased: number;
  failed: number;
  purpose?: string;
}

export interface AuditSink {
  record(event: RevealEvent): Promise<void>;
}

export class MemoryAuditSink implements AuditSink {
  readonly events: RevealEvent[] = [];
  async record(event: RevealEvent): Promise<void> {
    this.events.push(structuredClone(event));
  }
}
