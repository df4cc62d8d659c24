import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runVeil } from '../helpers/cli.js';

let dir = '';
const env = { VEIL_MASTER_KEY: randomBytes(32).toString('base64'), VEIL_KEYRING: '' };
const veil = (args: string[], extra: Record<string, string> = {}) =>
  runVeil(args, { cwd: dir, env: { ...env, ...extra } });
const csv =
  'id,email,card,country\n1,alice@example.org,4111-1111-1111-1111,FR\n2,bob@example.org,5500-0000-0000-0004,DE\n3,alice@example.org,4000-0000-0000-0002,FR\n';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'veil-transform-cli-'));
  env.VEIL_KEYRING = join(dir, 'keys');
  await writeFile(join(dir, 'in.csv'), csv);
});
after(async () => rm(dir, { recursive: true, force: true }));

const column = async (file: string, index: number): Promise<string[]> =>
  (await readFile(join(dir, file), 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[index]!);

test('veil keys: init, list (no material), rotate, disable/enable, destroy needs --yes', async () => {
  assert.equal((await veil(['keys', 'init', 'pii', 'cards', 'people'])).code, 0);
  const list = await veil(['--json', 'keys', 'list']);
  assert.equal(list.code, 0);
  const doc = JSON.parse(list.stdout) as { keys: { id: string }[] };
  assert.deepEqual(
    doc.keys.map((k) => k.id),
    ['cards', 'people', 'pii'],
  );
  assert.equal(list.stdout.includes('wrapped'), false);
  assert.match((await veil(['keys', 'rotate', 'pii'])).stdout, /v2\* enabled/);
  assert.equal((await veil(['keys', 'disable', 'pii', '1'])).code, 0);
  assert.equal((await veil(['keys', 'enable', 'pii', '1'])).code, 0);
  const refused = await veil(['keys', 'destroy', 'pii', '1']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--yes/);
  const noMaster = await veil(['keys', 'list'], { VEIL_MASTER_KEY: '' });
  assert.equal(noMaster.code, 2);
  assert.match(noMaster.stderr, /VEIL_MASTER_KEY is not set/);
  const wrongMaster = await veil(
    ['transform', 'in.csv', 'x.csv', '--column', 'email', '--op', 'encrypt', '--key', 'pii'],
    {
      VEIL_MASTER_KEY: randomBytes(32).toString('base64'),
    },
  );
  assert.equal(wrongMaster.code, 2);
  assert.match(wrongMaster.stderr, /master key/);
});

test('veil transform: pseudonymize is joinable; FF1 keeps format and reveals back, audited', async () => {
  const p = await veil([
    'transform',
    'in.csv',
    'ps.csv',
    '--column',
    'email',
    '--op',
    'pseudonymize',
    '--key',
    'pii',
    '--config',
    '{"bytes":12}',
  ]);
  assert.equal(p.code, 0, p.stderr);
  const ps = await column('ps.csv', 1);
  assert.equal(ps[0], ps[2]);
  assert.notEqual(ps[0], ps[1]);
  assert.ok(ps.every((v) => /^[0-9a-f]{24}$/.test(v)));
  const args = [
    '--column',
    'card',
    '--op',
    'fpe_ff1',
    '--key',
    'cards',
    '--config',
    '{"tweak_field":"country"}',
  ];
  assert.equal((await veil(['transform', 'in.csv', 'ff.csv', ...args])).code, 0);
  const cards = await column('ff.csv', 2);
  assert.ok(cards.every((c) => /^\d{4}-\d{4}-\d{4}-\d{4}$/.test(c)));
  assert.notDeepEqual(cards, await column('in.csv', 2));
  const noActor = await veil(['transform', 'ff.csv', 'back.csv', ...args, '--reveal']);
  assert.equal(noActor.code, 2);
  assert.equal(
    (await veil(['transform', 'ff.csv', 'back.csv', ...args, '--reveal', '--actor', 'auditor'])).code,
    0,
  );
  assert.deepEqual(await column('back.csv', 2), await column('in.csv', 2));
  const audit = await readFile(join(env.VEIL_KEYRING, 'audit.jsonl'), 'utf8');
  assert.match(audit, /"actor":"auditor".*"keyId":"cards".*"count":3/);
  assert.equal(audit.includes('4111'), false, 'the audit never holds values');
});

test('veil keys shred: the shredded subject is erased, others still decrypt; tampering is exit 3', async () => {
  const args = [
    '--column',
    'email',
    '--op',
    'encrypt',
    '--key',
    'people',
    '--config',
    '{"subject_field":"id"}',
  ];
  assert.equal((await veil(['transform', 'in.csv', 'enc.csv', ...args])).code, 0);
  const shred = await veil(['--json', 'keys', 'shred', '--subject', '1', '--key', 'people']);
  assert.equal(shred.code, 0, shred.stderr);
  assert.equal((JSON.parse(shred.stdout) as { keysDestroyed: number }).keysDestroyed, 1);
  const dec = await veil(['transform', 'enc.csv', 'dec.csv', ...args, '--reveal', '--actor', 'dpo']);
  assert.equal(dec.code, 0, dec.stderr);
  assert.match(dec.stderr, /1 value\(s\) belong to erased subjects/);
  assert.deepEqual(await column('dec.csv', 1), ['', 'bob@example.org', 'alice@example.org']);
  const enc = await readFile(join(dir, 'enc.csv'), 'utf8');
  await writeFile(
    join(dir, 'bad.csv'),
    enc.replace(
      /(\n2,vs1\.people\.1\.[0-9a-f]{32}\.)(.)/,
      (_m, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'),
    ),
  );
  const bad = await veil(['transform', 'bad.csv', 'x.csv', ...args, '--reveal', '--actor', 'dpo']);
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /not a valid ciphertext/);
});
