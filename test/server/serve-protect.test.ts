import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runVeil, VEIL_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { crmPolicy, customers } from './protect-fixtures.js';

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
}

const MASTER = randomBytes(32).toString('base64');
const ENV = { VEIL_RATE_LIMIT: 'off', DATABASE_URL: '', VEIL_MASTER_KEY: MASTER };

function startServe(dbDir: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [VEIL_BIN, 'serve', '--port', '0', '--db', dbDir, ...extra], {
    env: { ...process.env, ...ENV },
  });
  let err = '';
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const match = /serving on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (match?.[1]) resolve({ child, url: match[1], stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`veil serve exited early (${code}): ${err}`)));
  });
}

function exited(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;

async function call(url: string, token: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

describe('veil serve under SIGKILL during protect batches', () => {
  it('restarts with an intact store: the audit chain verifies and every acknowledged batch still reveals', async () => {
    const dbDir = join(tempDir(), 'db');
    const first = await startServe(dbDir, ['--bootstrap-admin']);
    const admin = /veil_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(first.stderr())?.[0];
    assert.ok(admin);
    for (const id of ['ids', 'pii']) {
      assert.equal((await call(`${first.url}/v1/keys`, admin, { id })).status, 201);
    }
    const policy = await call(`${first.url}/v1/policies/crm/versions`, admin, {
      yaml: crmPolicy(),
      activate: true,
    });
    assert.equal(policy.status, 201);
    const user = (await call(`${first.url}/v1/apikeys`, admin, { roles: ['protect', 'reveal'] })).json
      .token as string;

    const acknowledged: { input: Record<string, unknown>[]; output: Record<string, unknown>[] }[] = [];
    let stopped = false;
    const worker = async (): Promise<void> => {
      while (!stopped) {
        const input = customers(50);
        try {
          const res = await call(`${first.url}/v1/protect`, user, {
            dataset: 'customers',
            purpose: 'analytics',
            records: input,
          });
          if (res.status === 200) acknowledged.push({ input, output: res.json.records });
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 10));
    const exit = exited(first.child);
    first.child.kill('SIGKILL');
    stopped = true;
    assert.equal((await exit).signal, 'SIGKILL');
    await Promise.all(workers);

    const second = await startServe(dbDir);
    try {
      const verify = await call(`${second.url}/v1/audit/verify`, admin);
      assert.equal(verify.json.ok, true, JSON.stringify(verify.json));
      const entries = await call(`${second.url}/v1/audit?action=protect&limit=1000`, admin);
      assert.ok(entries.json.entries.length >= acknowledged.length, 'every acknowledged batch is audited');
      // Subject keys and vault tokens written for acknowledged batches survived the kill.
      for (const batch of [acknowledged[0]!, acknowledged.at(-1)!]) {
        const revealed = await call(`${second.url}/v1/reveal`, user, {
          dataset: 'customers',
          purpose: 'analytics',
          records: batch.output,
        });
        assert.equal(revealed.status, 200, JSON.stringify(revealed.json));
        assert.deepEqual(
          revealed.json.records,
          batch.input.map((r) => ({ phone: r.phone, card: r.card })),
        );
      }
      const again = await call(`${second.url}/v1/protect`, user, {
        dataset: 'customers',
        purpose: 'analytics',
        records: customers(5),
      });
      assert.equal(again.status, 200, 'the restarted server keeps protecting');
    } finally {
      const done = exited(second.child);
      second.child.kill('SIGTERM');
      assert.equal((await done).code, 0, second.stderr());
    }
    const cli = await runVeil(['--json', 'audit', 'verify', '--db', dbDir], { env: { DATABASE_URL: '' } });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).ok, true);
  });
});
