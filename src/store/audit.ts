import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import type { Database, Queryable, SqlParam } from './database.js';
import { toDate, toNumber } from './database.js';

/** Details describe *what* happened (counts, names, ids, reasons), never the data values. */
export type AuditDetail = string | number | boolean | null | readonly (string | number)[];

export interface AuditEvent {
  actor: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, AuditDetail>;
}

export interface AuditEntry {
  seq: number;
  ts: Date;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, AuditDetail>;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  /** Return entries with seq greater than this (the cursor of the previous page). */
  afterSeq?: number;
  limit?: number;
}

export type TamperKind = 'edited' | 'deleted' | 'reordered' | 'truncated';

export interface VerifyResult {
  ok: boolean;
  /** Entries checked before the first problem (all of them when ok). */
  checked: number;
  headSeq: number;
  problem?: { seq: number; kind: TamperKind; message: string };
}

export const GENESIS_HASH = '0'.repeat(64);
const PAGE = 1000;

/** SHA-256 over the canonical JSON of every field but the hash itself, prev_hash included. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    ts: entry.ts.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    details: entry.details,
    prev_hash: entry.prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

interface AuditRow {
  seq: unknown;
  ts: unknown;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, AuditDetail>;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, ts, actor, action, target_type, target_id, details, prev_hash, hash';

function fromRow(row: AuditRow): AuditEntry {
  return {
    seq: toNumber(row.seq),
    ts: toDate(row.ts),
    actor: row.actor,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

interface Pending {
  event: AuditEvent;
  resolve: (entry: AuditEntry) => void;
  reject: (err: unknown) => void;
}

/** Entries per group commit; keeps a statement's parameters far below PostgreSQL's limit. */
const GROUP_MAX = 200;

/** The append-only, hash-chained audit log. */
export class AuditLog {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Database) {}

  /**
   * Appends one entry; resolves once it is committed. Appends that arrive while a commit runs are
   * committed together in the next transaction (group commit): one head lock and one multi-row
   * insert for many requests, each still answered only after its own entry is durable. Locking
   * the head row serializes writers across processes, so the chain never forks.
   */
  append(event: AuditEvent): Promise<AuditEntry> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, GROUP_MAX);
      try {
        const entries = await this.db.transaction((tx) =>
          appendAuditMany(
            tx,
            group.map((p) => p.event),
          ),
        );
        group.forEach((p, i) => p.resolve(entries[i]!));
      } catch (err) {
        group.forEach((p) => p.reject(err));
      }
    }
    this.flushing = false;
  }

  async list(filter: AuditFilter = {}): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const add = (clause: string, value: SqlParam): void => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.actor !== undefined) add('actor = ?', filter.actor);
    if (filter.action !== undefined) add('action = ?', filter.action);
    if (filter.targetType !== undefined) add('target_type = ?', filter.targetType);
    if (filter.targetId !== undefined) add('target_id = ?', filter.targetId);
    if (filter.since !== undefined) add('ts >= ?', filter.since);
    if (filter.until !== undefined) add('ts < ?', filter.until);
    if (filter.afterSeq !== undefined) add('seq > ?', filter.afterSeq);
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    params.push(limit + 1);
    const sql = `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq LIMIT $${params.length}`;
    const rows = (await this.db.query<AuditRow>(sql, params)).rows.map(fromRow);
    const entries = rows.slice(0, limit);
    const last = entries[entries.length - 1];
    return { entries, nextCursor: rows.length > limit && last ? last.seq : null };
  }

  /** Walks the whole chain and reports the first edited, deleted, reordered or truncated entry. */
  async verify(): Promise<VerifyResult> {
    const head = await readHead(this.db);
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const page = await this.db.query<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
        [expectedSeq, PAGE],
      );
      for (const entry of page.rows.map(fromRow)) {
        const problem = this.checkEntry(entry, expectedSeq, prevHash);
        if (problem) return { ok: false, checked: expectedSeq - 1, headSeq: head.seq, problem };
        expectedSeq++;
        prevHash = entry.hash;
      }
      if (page.rows.length < PAGE) break;
    }
    const lastSeq = expectedSeq - 1;
    if (head.seq !== lastSeq || head.hash !== prevHash) {
      const kind: TamperKind = head.seq > lastSeq ? 'truncated' : 'edited';
      const message = `the log ends at seq ${lastSeq} but its head records seq ${head.seq}`;
      return { ok: false, checked: lastSeq, headSeq: head.seq, problem: { seq: lastSeq + 1, kind, message } };
    }
    return { ok: true, checked: lastSeq, headSeq: head.seq };
  }

  private checkEntry(
    entry: AuditEntry,
    expectedSeq: number,
    prevHash: string,
  ): VerifyResult['problem'] | undefined {
    if (entry.seq !== expectedSeq) {
      return { seq: expectedSeq, kind: 'deleted', message: `entry ${expectedSeq} is missing` };
    }
    if (entryHash(entry) === entry.hash && entry.prevHash === prevHash) return undefined;
    const originalSeq = originalSeqOf(entry);
    if (originalSeq !== undefined) {
      const message = `entry ${entry.seq} was moved here from seq ${originalSeq}`;
      return { seq: entry.seq, kind: 'reordered', message };
    }
    if (entryHash(entry) !== entry.hash) {
      return { seq: entry.seq, kind: 'edited', message: `entry ${entry.seq} does not match its hash` };
    }
    return {
      seq: entry.seq,
      kind: 'deleted',
      message: `the entry before ${entry.seq} was removed or replaced`,
    };
  }
}

/**
 * An entry moved to another seq (rows swapped or renumbered) still carries the hash computed with
 * its original seq; finding that seq nearby tells a reordering apart from an edit.
 */
function originalSeqOf(entry: AuditEntry): number | undefined {
  for (let distance = 1; distance <= PAGE; distance++) {
    for (const seq of [entry.seq - distance, entry.seq + distance]) {
      if (seq >= 1 && entryHash({ ...entry, seq }) === entry.hash) return seq;
    }
  }
  return undefined;
}

async function readHead(q: Queryable, forUpdate = false): Promise<{ seq: number; hash: string }> {
  const result = await q.query<{ seq: unknown; hash: string }>(
    `SELECT seq, hash FROM audit_head WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  const row = result.rows[0];
  if (!row) throw new Error('audit_head row is missing; the store was not migrated');
  return { seq: toNumber(row.seq), hash: row.hash };
}

/** Appends inside the caller's transaction, so an action and its audit entry commit together. */
export async function appendAudit(tx: Queryable, event: AuditEvent): Promise<AuditEntry> {
  return (await appendAuditMany(tx, [event]))[0]!;
}

/** Appends several entries, chained in order, with one head lock and one INSERT. */
export async function appendAuditMany(tx: Queryable, events: readonly AuditEvent[]): Promise<AuditEntry[]> {
  const head = await readHead(tx, true);
  const entries: AuditEntry[] = [];
  let prevHash = head.hash;
  const ts = new Date();
  for (const [i, event] of events.entries()) {
    const unsigned = {
      seq: head.seq + 1 + i,
      ts,
      actor: event.actor,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      details: event.details ?? {},
      prevHash,
    };
    const entry: AuditEntry = { ...unsigned, hash: entryHash(unsigned) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  const params: SqlParam[] = [];
  const rows = entries.map((e) => {
    const at = params.length;
    params.push(e.seq, e.ts, e.actor, e.action, e.targetType, e.targetId);
    params.push(e.details as Record<string, unknown>, e.prevHash, e.hash);
    return `(${Array.from({ length: 9 }, (_, k) => `$${at + k + 1}`).join(', ')})`;
  });
  await tx.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ${rows.join(', ')}`, params);
  const last = entries[entries.length - 1]!;
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [last.seq, last.hash]);
  return entries;
}
