import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { AuditLog, entryHash } from '../../src/store/audit.js';
import type { Database } from '../../src/store/database.js';
import { BACKENDS, postgresReachable, skipUnavailable } from './backends.js';

/** Tampering means getting past the append-only trigger first, as an attacker with SQL would. */
async function tamper(db: Database, sql: string, params: (string | number)[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await tx.query(sql, params);
    await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
  });
}

async function freshLog(db: Database, count: number): Promise<AuditLog> {
  await tamper(db, 'DELETE FROM audit_log');
  await db.query("UPDATE audit_head SET seq = 0, hash = repeat('0', 64)");
  const log = new AuditLog(db);
  for (let i = 0; i < count; i++) {
    await log.append({
      actor: `key${i % 3}`,
      action: i % 2 ? 'policy.activate' : 'protect',
      targetType: 'dataset',
      targetId: `ds${i}`,
      details: { records: i },
    });
  }
  return log;
}

for (const backend of BACKENDS) {
  describe(`audit log on ${backend.name}`, () => {
    let db: Database | undefined;
    let dispose: (() => Promise<void>) | undefined;
    before(async () => {
      if (backend.name === 'postgres' && !(await postgresReachable())) return;
      ({ db, dispose } = await backend.open());
    });
    after(async () => dispose?.());

    const ready = async (t: TestContext): Promise<Database | undefined> =>
      (await skipUnavailable(t, backend)) ? undefined : db;

    it('chains entries: each hash covers the previous one, and an intact log verifies', async (t) => {
      const store = await ready(t);
      if (!store) return;
      const log = await freshLog(store, 5);
      const { entries } = await log.list();
      assert.equal(entries.length, 5);
      entries.forEach((entry, i) => {
        assert.equal(entry.seq, i + 1);
        assert.equal(entry.hash, entryHash(entry));
        if (i > 0) assert.equal(entry.prevHash, entries[i - 1]?.hash);
      });
      assert.deepEqual(await log.verify(), { ok: true, checked: 5, headSeq: 5 });
    });

    it('refuses UPDATE and DELETE through the append-only trigger', async (t) => {
      const store = await ready(t);
      if (!store) return;
      await freshLog(store, 2);
      await assert.rejects(store.query("UPDATE audit_log SET actor = 'x' WHERE seq = 1"), /append-only/);
      await assert.rejects(store.query('DELETE FROM audit_log WHERE seq = 1'), /append-only/);
    });

    it('finds an edited entry', async (t) => {
      const store = await ready(t);
      if (!store) return;
      const log = await freshLog(store, 6);
      await tamper(store, `UPDATE audit_log SET details = '{"records": 999}' WHERE seq = 4`);
      const result = await log.verify();
      assert.equal(result.ok, false);
      assert.equal(result.problem?.kind, 'edited');
      assert.equal(result.problem?.seq, 4);
      assert.equal(result.checked, 3);
    });

    it('finds a deleted entry in the middle and a truncated tail', async (t) => {
      const store = await ready(t);
      if (!store) return;
      const log = await freshLog(store, 6);
      await tamper(store, 'DELETE FROM audit_log WHERE seq = 3');
      const middle = await log.verify();
      assert.equal(middle.problem?.kind, 'deleted');
      assert.equal(middle.problem?.seq, 3);
      const log2 = await freshLog(store, 6);
      await tamper(store, 'DELETE FROM audit_log WHERE seq = 6');
      const tail = await log2.verify();
      assert.equal(tail.problem?.kind, 'truncated');
      assert.equal(tail.problem?.seq, 6);
    });

    it('finds reordered entries', async (t) => {
      const store = await ready(t);
      if (!store) return;
      const log = await freshLog(store, 6);
      await tamper(store, 'UPDATE audit_log SET seq = -seq WHERE seq IN (2, 5)');
      await tamper(
        store,
        'UPDATE audit_log SET seq = CASE seq WHEN -2 THEN 5 ELSE 2 END WHERE seq IN (-2, -5)',
      );
      const result = await log.verify();
      assert.equal(result.problem?.kind, 'reordered');
      assert.equal(result.problem?.seq, 2);
      assert.match(result.problem?.message ?? '', /from seq 5/);
    });

    it('keeps one unforked chain under concurrent appends', async (t) => {
      const store = await ready(t);
      if (!store) return;
      const log = await freshLog(store, 0);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => log.append({ actor: 'a', action: 'x', details: { i } })),
      );
      const verified = await log.verify();
      assert.deepEqual(verified, { ok: true, checked: 40, headSeq: 40 });
    });

    it('filters by actor, action and time and pages by seq cursor; SQL-ish filters are inert', async (t) => {
      const store = await ready(t);
      if (!store) return;
      const log = await freshLog(store, 9);
      const byActor = await log.list({ actor: 'key1' });
      assert.deepEqual(
        byActor.entries.map((e) => e.seq),
        [2, 5, 8],
      );
      const byAction = await log.list({ action: 'protect', limit: 2 });
      assert.deepEqual(
        byAction.entries.map((e) => e.seq),
        [1, 3],
      );
      assert.equal(byAction.nextCursor, 3);
      const page2 = await log.list({ action: 'protect', limit: 2, afterSeq: byAction.nextCursor ?? 0 });
      assert.deepEqual(
        page2.entries.map((e) => e.seq),
        [5, 7],
      );
      const future = await log.list({ since: new Date(Date.now() + 60_000) });
      assert.equal(future.entries.length, 0);
      for (const evil of ["' OR '1'='1", "key1'; DROP TABLE audit_log; --", 'key1\\', '%']) {
        assert.equal((await log.list({ actor: evil })).entries.length, 0);
      }
      assert.equal((await log.verify()).ok, true, 'the log survived the injection attempts');
    });
  });
}
