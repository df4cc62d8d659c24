import { Command, Option } from 'commander';
import { EXIT_CODES, UsageError } from '../../core/errors.js';
import { AuditLog, type AuditEntry, type AuditFilter } from '../../store/audit.js';
import { withStore } from '../../store/open.js';
import { emit } from '../io.js';

const dbOption = (): Option =>
  new Option('--db <dir>', 'embedded store directory (default .veil/db; DATABASE_URL wins)');

function parseDate(text: string, flag: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new UsageError('not a date', { where: flag, hint: 'use ISO 8601, e.g. 2026-01-31T12:00:00Z' });
  return date;
}

function parseCount(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError('not a non-negative integer', { where: flag });
  return n;
}

function entryJson(e: AuditEntry): Record<string, unknown> {
  return {
    seq: e.seq,
    ts: e.ts.toISOString(),
    actor: e.actor,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    details: e.details,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

export function register(program: Command): void {
  const audit = program.command('audit').description('read and verify the tamper-evident audit log');

  audit
    .command('verify')
    .description('walk the hash chain; exit 1 at the first edited, deleted or reordered entry')
    .addOption(dbOption())
    .action(async (opts: { db?: string }) => {
      const result = await withStore({ ...(opts.db ? { dataDir: opts.db } : {}) }, (db) =>
        new AuditLog(db).verify(),
      );
      emit(
        { ok: result.ok, checked: result.checked, head_seq: result.headSeq, problem: result.problem ?? null },
        () =>
          result.ok
            ? `audit log intact: ${result.checked} entries verified`
            : `audit log TAMPERED at seq ${result.problem?.seq} (${result.problem?.kind}): ${result.problem?.message}`,
      );
      if (!result.ok) process.exitCode = EXIT_CODES.check;
    });

  audit
    .command('list')
    .description('list audit entries, oldest first')
    .option('--actor <actor>', 'only this actor (API key id or cli:<user>)')
    .option('--action <action>', 'only this action, e.g. auth.denied')
    .option('--since <time>', 'entries at or after this time (ISO 8601)')
    .option('--until <time>', 'entries before this time (ISO 8601)')
    .option('--after <seq>', 'entries after this seq (the cursor of the previous page)')
    .option('--limit <n>', 'at most this many entries (max 1000)', '100')
    .addOption(dbOption())
    .action(async (opts: Record<string, string | undefined>) => {
      const filter: AuditFilter = { limit: parseCount(opts.limit ?? '100', '--limit') };
      if (opts.actor) filter.actor = opts.actor;
      if (opts.action) filter.action = opts.action;
      if (opts.since) filter.since = parseDate(opts.since, '--since');
      if (opts.until) filter.until = parseDate(opts.until, '--until');
      if (opts.after) filter.afterSeq = parseCount(opts.after, '--after');
      const page = await withStore({ ...(opts.db ? { dataDir: opts.db } : {}) }, (db) =>
        new AuditLog(db).list(filter),
      );
      emit({ entries: page.entries.map(entryJson), next_cursor: page.nextCursor }, () =>
        page.entries
          .map(
            (e) =>
              `${e.seq}  ${e.ts.toISOString()}  ${e.actor}  ${e.action}  ${e.targetType ?? ''}:${e.targetId ?? ''}  ${JSON.stringify(e.details)}`,
          )
          .concat(page.nextCursor !== null ? [`(more: --after ${page.nextCursor})`] : [])
          .join('\n'),
      );
    });
}
