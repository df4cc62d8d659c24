import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openPglite } from '../../src/store/pglite.js';
import { runVeil, VEIL_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  stdout: () => string;
}

/** Starts the built `veil serve` on a free port and waits for its "serving on" notice. */
function startServe(dbDir: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [VEIL_BIN, 'serve', '--port', '0', '--db', dbDir, ...extra], {
    env: { ...process.env, VEIL_RATE_LIMIT: 'off', DATABASE_URL: '' },
  });
  let err = '';
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const match = /serving on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (match?.[1]) resolve({ child, url: match[1], stderr: () => err, stdout: () => out });
    });
    child.on('exit', (code) => reject(new Error(`veil serve exited early (${code}): ${err}`)));
  });
}

function exited(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('veil serve', () => {
  it('survives SIGKILL mid-burst: the store reopens, every acknowledged entry is kept, the chain verifies', async () => {
    const dbDir = join(tempDir(), 'db');
    const first = await startServe(dbDir, ['--bootstrap-admin']);
    const token = /veil_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(first.stderr())?.[0];
    assert.ok(token, 'the bootstrap admin token is printed once');
    const admin = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // A burst of audited requests: key creations (action + audit in one transaction) and denials.
    let acknowledged = 0;
    let stopped = false;
    const worker = async (n: number): Promise<void> => {
      for (let i = 0; !stopped; i++) {
        const denied = (n + i) % 3 === 0;
        try {
          const res = denied
            ? await fetch(`${first.url}/v1/audit`, { headers: { authorization: 'Bearer wrong' } })
            : await fetch(`${first.url}/v1/apikeys`, {
                method: 'POST',
                headers: admin,
                body: JSON.stringify({ roles: ['protect'] }),
              });
          if (res.status === (denied ? 401 : 201)) acknowledged++;
          await res.arrayBuffer();
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, n) => worker(n));
    while (acknowledged < 40) await new Promise((r) => setTimeout(r, 20));
    const exit = exited(first.child);
    first.child.kill('SIGKILL');
    stopped = true;
    assert.equal((await exit).signal, 'SIGKILL');
    await Promise.all(workers);

    const verify = await runVeil(['--json', 'audit', 'verify', '--db', dbDir], { env: { DATABASE_URL: '' } });
    assert.equal(verify.code, 0, verify.stderr);
    const result = JSON.parse(verify.stdout) as { ok: boolean; checked: number };
    assert.equal(result.ok, true);
    // +1: the bootstrap key's own entry. Unacknowledged in-flight requests may or may not have committed.
    assert.ok(
      result.checked >= acknowledged + 1,
      `${result.checked} entries for ${acknowledged} acknowledged requests`,
    );

    const list = await runVeil(['--json', 'apikey', 'list', '--db', dbDir], { env: { DATABASE_URL: '' } });
    assert.equal(list.code, 0, list.stderr);
    const created = (JSON.parse(list.stdout) as { keys: unknown[] }).keys.length;
    const creations = await runVeil(
      ['--json', 'audit', 'list', '--action', 'apikey.create', '--limit', '1000', '--db', dbDir],
      {
        env: { DATABASE_URL: '' },
      },
    );
    const createEntries = (JSON.parse(creations.stdout) as { entries: unknown[] }).entries.length;
    assert.equal(createEntries, created, 'every stored key has its audit entry and no entry lacks its key');

    // Restart on the same directory: it serves, verifies over HTTP, and shuts down cleanly on SIGTERM.
    const second = await startServe(dbDir);
    const ready = await fetch(`${second.url}/readyz`);
    assert.equal(ready.status, 200);
    const overHttp = await fetch(`${second.url}/v1/audit/verify`, { headers: admin });
    assert.equal(((await overHttp.json()) as { ok: boolean }).ok, true);
    const done = exited(second.child);
    second.child.kill('SIGTERM');
    assert.equal((await done).code, 0, second.stderr());
    assert.ok(!second.stdout().includes(token.slice(22)), 'the JSON log never carries the key secret');

    // Tamper with one entry behind Veil's back: `veil audit verify` must fail with exit 1.
    const db = await openPglite(dbDir);
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await db.query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
    await db.close();
    const tampered = await runVeil(['audit', 'verify', '--db', dbDir], { env: { DATABASE_URL: '' } });
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, /TAMPERED at seq 2 \(edited\)/);
  });

  it('prints how to create the first admin key on an empty store', async () => {
    const dbDir = join(tempDir(), 'db');
    const served = await startServe(dbDir);
    assert.match(served.stderr(), /no API keys yet.*veil apikey create --role admin/);
    const unauthenticated = await fetch(`${served.url}/v1/audit`);
    assert.equal(unauthenticated.status, 401);
    const done = exited(served.child);
    served.child.kill('SIGINT');
    assert.equal((await done).code, 0);
    const created = await runVeil(
      ['--json', 'apikey', 'create', '--role', 'audit:read', '--expires', '1h', '--db', dbDir],
      {
        env: { DATABASE_URL: '' },
      },
    );
    assert.equal(created.code, 0, created.stderr);
    const key = JSON.parse(created.stdout) as {
      id: string;
      token: string;
      roles: string[];
      expires_at: string;
    };
    assert.deepEqual(key.roles, ['audit:read']);
    assert.ok(Date.parse(key.expires_at) > Date.now());
    const revoked = await runVeil(['apikey', 'revoke', key.id, '--db', dbDir], { env: { DATABASE_URL: '' } });
    assert.equal(revoked.code, 0, revoked.stderr);
    const again = await runVeil(['apikey', 'revoke', 'ffffffffffffffff', '--db', dbDir], {
      env: { DATABASE_URL: '' },
    });
    assert.equal(again.code, 2);
  });
});
