import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { VeilError } from '../../src/core/errors.js';
import { MemoryAuditSink } from '../../src/crypto/audit.js';
import { FileKeyStore } from '../../src/crypto/file/keystore.js';
import { FileSubjectKeyStore } from '../../src/crypto/file/subject-store.js';
import { Keyring, MemoryKeyStore } from '../../src/crypto/keyring.js';
import { LocalKms } from '../../src/crypto/kms.js';
import { MemorySubjectKeyStore, SubjectKeys } from '../../src/crypto/subject-keys.js';
import { compileOperator, reveal } from '../../src/transform/index.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'veil-crypto-test-'));
}

test('LocalKms: wraps with AES-GCM bound to a context; wrong master key or context fails', async () => {
  const kms = new LocalKms(randomBytes(32));
  const secret = randomBytes(64);
  const wrapped = await kms.wrap(secret, 'veil-key:a:v1');
  assert.deepEqual(await kms.unwrap(wrapped, 'veil-key:a:v1'), secret);
  await assert.rejects(kms.unwrap(wrapped, 'veil-key:b:v1'), (e: VeilError) => e.code === 'MASTER_KEY_WRONG');
  await assert.rejects(
    new LocalKms(randomBytes(32)).unwrap(wrapped, 'veil-key:a:v1'),
    (e: VeilError) => e.code === 'MASTER_KEY_WRONG',
  );
  assert.throws(
    () => LocalKms.fromBase64(undefined),
    (e: VeilError) => e.code === 'MASTER_KEY_MISSING',
  );
  assert.throws(
    () => LocalKms.fromBase64('c2hvcnQ='),
    (e: VeilError) => e.code === 'MASTER_KEY_INVALID' && !e.message.includes('c2hvcnQ'),
  );
  assert.ok(LocalKms.fromBase64(randomBytes(32).toString('base64')));
});

test('file keyring: material encrypted at rest, versions, rotate/disable/destroy persist', async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, 'keys.json');
    const master = randomBytes(32);
    const keyring = new Keyring(new FileKeyStore(path), new LocalKms(master));
    await keyring.create('pii');
    const unlocked1 = await keyring.unlock('pii');
    const material = unlocked1.material(1);
    const onDisk = await readFile(path);
    assert.equal(onDisk.includes(material.toString('base64')), false, 'no clear material on disk');
    assert.equal(onDisk.includes(material.subarray(0, 16)), false);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    await keyring.rotate('pii');
    const reopened = new Keyring(new FileKeyStore(path), new LocalKms(master));
    const k = await reopened.unlock('pii');
    assert.equal(k.primary, 2);
    assert.deepEqual(k.material(1), material);
    await reopened.setState('pii', 1, 'disabled');
    await assert.rejects(
      async () => (await reopened.unlock('pii')).material(1),
      (e: VeilError) => e.code === 'KEY_DISABLED',
    );
    await reopened.setState('pii', 1, 'enabled');
    await reopened.destroy('pii', 1);
    const after = await readFile(path, 'utf8');
    const v1 = (
      JSON.parse(after) as { keys: { versions: { version: number; wrapped?: string; state: string }[] }[] }
    ).keys[0]!.versions[0]!;
    assert.equal(v1.state, 'destroyed');
    assert.equal(v1.wrapped, undefined, 'destroyed material is gone from the store');
    await assert.rejects(
      async () => (await reopened.unlock('pii')).material(1),
      (e: VeilError) => e.code === 'KEY_DESTROYED',
    );
    await assert.rejects(
      reopened.setState('pii', 1, 'enabled'),
      (e: VeilError) => e.code === 'KEY_DESTROYED',
    );
    await assert.rejects(
      new Keyring(new FileKeyStore(path), new LocalKms(randomBytes(32))).unlock('pii'),
      (e: VeilError) => e.code === 'MASTER_KEY_WRONG',
    );
    await assert.rejects(keyring.create('pii'), (e: VeilError) => e.code === 'KEY_EXISTS');
    await assert.rejects(keyring.create('Bad Name'), (e: VeilError) => e.code === 'KEY_ID_INVALID');
    await assert.rejects(keyring.unlock('missing'), (e: VeilError) => e.code === 'KEY_NOT_FOUND');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function shredScenario(subjectKeys: MemorySubjectKeyStore | FileSubjectKeyStore): Promise<void> {
  const keyring = new Keyring(new MemoryKeyStore(), new LocalKms(randomBytes(32)));
  await keyring.create('people');
  const cfg = { op: 'encrypt', key: 'people', subject_field: 'pid' };
  const op = await compileOperator(cfg, { keyring, subjectKeys });
  const rows = Array.from({ length: 60 }, (_, i) => ({ pid: `subject-${i % 20}`, note: `note ${i}` }));
  const values = rows.map((r) => r.note);
  await op.prepare!(values, rows);
  const cts = op.applyBatch(values, rows) as string[];
  assert.ok(cts.every((c) => c.startsWith('vs1.people.1.')));
  assert.equal(
    cts.some((c) => c.includes('subject-')),
    false,
    'subject ids never in clear',
  );
  const sink = new MemoryAuditSink();
  assert.deepEqual(
    (await reveal(cfg, cts, { keyring, subjectKeys }, { actor: 'a', audit: sink })).values,
    values,
  );

  const shredded = await new SubjectKeys(await keyring.unlock('people'), subjectKeys).shred('subject-3');
  assert.equal(shredded, 1);
  const erasedAt = rows.map((r, i) => (r.pid === 'subject-3' ? i : -1)).filter((i) => i >= 0);
  await assert.rejects(
    reveal(cfg, [cts[erasedAt[0]!]], { keyring, subjectKeys }, { actor: 'a', audit: sink }),
    (e: VeilError) => e.code === 'SUBJECT_ERASED',
  );
  const out = await reveal(cfg, cts, { keyring, subjectKeys }, { actor: 'a', audit: sink, onErased: 'null' });
  assert.equal(out.erased, erasedAt.length);
  out.values.forEach((v, i) => assert.equal(v, erasedAt.includes(i) ? null : values[i]));
  assert.equal(sink.events.at(-1)!.erased, erasedAt.length);
  // Encrypting again for a shredded subject is refused (tombstone), others still work.
  const op2 = await compileOperator(cfg, { keyring, subjectKeys });
  await op2.prepare!(['x', 'y'], [{ pid: 'subject-3' }, { pid: 'subject-4' }]);
  assert.throws(
    () => op2.apply('x', { pid: 'subject-3' }),
    (e: VeilError) => e.code === 'SUBJECT_ERASED',
  );
  assert.ok((op2.apply('y', { pid: 'subject-4' }) as string).startsWith('vs1.'));
}

test('crypto-shredding with the in-memory subject store', async () => {
  await shredScenario(new MemorySubjectKeyStore());
});

test('crypto-shredding with the file subject store: fixed records, shred in place, survives reopen', async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, 'subject-keys.bin');
    const store = await FileSubjectKeyStore.open(path);
    await shredScenario(store);
    const sizeBefore = (await stat(path)).size;
    assert.equal(sizeBefore, 20 * 80, 'one 80-byte record per subject, not per value');
    await store.close();
    const again = await FileSubjectKeyStore.open(path);
    assert.equal(again.count, 20);
    const entries = await again.getMany([...(await readRefs(path))]);
    assert.equal([...entries.values()].filter((e) => e.state === 'shredded').length, 1);
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function readRefs(path: string): Promise<string[]> {
  const bytes = await readFile(path);
  const refs: string[] = [];
  for (let at = 0; at < bytes.length; at += 80) refs.push(bytes.toString('hex', at + 1, at + 17));
  return refs;
}
