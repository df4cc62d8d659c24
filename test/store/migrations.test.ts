import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appliedVersions, migrate } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openPglite } from '../../src/store/pglite.js';
import { randomBytes } from 'node:crypto';
import { openStore } from '../../src/store/open.js';
import { BACKENDS, skipUnavailable, TEST_DATABASE_URL } from './backends.js';
import { tempDir } from '../helpers/tmp.js';
import { join } from 'node:path';

const TABLES = [
  'api_keys',
  'audit_head',
  'audit_log',
  'key_versions',
  'keys',
  'policies',
  'subject_keys',
  'token_vault',
];

for (const backend of BACKENDS) {
  describe(`migrations on ${backend.name}`, () => {
    it('creates every table, records the versions, and is idempotent', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const { db, dispose } = await backend.open();
      try {
        assert.deepEqual(
          await appliedVersions(db),
          MIGRATIONS.map((m) => m.version),
        );
        assert.deepEqual(await migrate(db), [], 'a second run applies nothing');
        const tables = await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables
           WHERE table_schema = current_schema() ORDER BY table_name`,
        );
        const names = tables.rows.map((r) => r.table_name);
        for (const table of TABLES) assert.ok(names.includes(table), `${table} exists`);
      } finally {
        await dispose();
      }
    });

    it('rolls a failing migration back completely and leaves it pending', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const { db, dispose } = await backend.open();
      try {
        const broken = {
          version: 999,
          name: 'broken',
          sql: 'CREATE TABLE half_done (x int); SELECT no_such_fn();',
        };
        await assert.rejects(migrate(db, [...MIGRATIONS, broken]));
        const half = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'
          AND table_schema = current_schema()`);
        assert.equal(half.rows.length, 0, 'the first statement of the failed migration was rolled back');
        assert.deepEqual(
          await appliedVersions(db),
          MIGRATIONS.map((m) => m.version),
        );
      } finally {
        await dispose();
      }
    });

    it('enforces one active policy version per name', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const { db, dispose } = await backend.open();
      try {
        const insert = `INSERT INTO policies (name, version, document, digest, created_by, active)
          VALUES ($1, $2, $3, 'd', 'test', $4)`;
        await db.query(insert, ['p', 1, { rules: [] }, true]);
        await db.query(insert, ['p', 2, { rules: [] }, false]);
        await assert.rejects(db.query(insert, ['p', 3, { rules: [] }, true]));
      } finally {
        await dispose();
      }
    });
  });
}

describe('concurrent starters on one PostgreSQL schema', () => {
  it('apply each migration exactly once', async (t) => {
    const server = BACKENDS.find((b) => b.name === 'postgres');
    if (!server || (await skipUnavailable(t, server))) return;
    const schema = `veil_test_${randomBytes(6).toString('hex')}`;
    const starters = await Promise.all(
      Array.from({ length: 4 }, () => openStore({ databaseUrl: TEST_DATABASE_URL, schema })),
    );
    try {
      const first = starters[0];
      assert.ok(first);
      assert.deepEqual(
        await appliedVersions(first),
        MIGRATIONS.map((m) => m.version),
      );
      const heads = await first.query('SELECT * FROM audit_head');
      assert.equal(heads.rows.length, 1, 'the seed row was inserted once');
    } finally {
      await starters[0]?.query(`DROP SCHEMA ${schema} CASCADE`);
      for (const db of starters) await db.close();
    }
  });
});

describe('embedded store on disk', () => {
  it('keeps data across reopen and refuses a second concurrent owner', async () => {
    const dir = join(tempDir(), 'db');
    const first = await openPglite(dir);
    await migrate(first);
    await first.query(
      "INSERT INTO api_keys (id, name, secret_hash, roles, created_by) VALUES ('k', 'k', '\\x00', '{admin}', 't')",
    );
    await assert.rejects(openPglite(dir), /in use by process/);
    await first.close();
    const second = await openPglite(dir);
    try {
      assert.deepEqual(await migrate(second), []);
      const rows = await second.query<{ id: string }>('SELECT id FROM api_keys');
      assert.deepEqual(
        rows.rows.map((r) => r.id),
        ['k'],
      );
    } finally {
      await second.close();
    }
  });
});
