import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const DOCS = [
  { id: 'a', text: 'Write to jane@example.com or call +44 20 7946 0958.' },
  { id: 7, text: 'Nothing personal here.' },
  { id: null, text: 'Card 4111 1111 1111 1111, IP 203.0.113.9' },
];
const JSONL = DOCS.map((d) => JSON.stringify(d)).join('\n') + '\n';

function lines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('scan text: JSONL in, one result line per document in input order, no values', async () => {
  const r = await runVeil(['scan', 'text', '--no-names', '-'], { input: JSONL });
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.deepEqual(
    out.map((o) => o.id),
    ['a', 7, null],
  );
  const first = out[0]!.findings as Array<Record<string, unknown>>;
  assert.deepEqual(
    first.map((f) => f.entity),
    ['EMAIL_ADDRESS', 'PHONE_NUMBER'],
  );
  assert.deepEqual(Object.keys(first[0]!).sort(), ['end', 'entity', 'recognizer', 'score', 'start']);
  assert.ok(!r.stdout.includes('jane@example.com'));
  assert.match(r.stderr, /3 documents, 4 findings/);
});

test('scan text --show-values, --entities and --threshold', async () => {
  const r = await runVeil(['scan', 'text', '--no-names', '--show-values', '--entities', 'CREDIT_CARD', '-'], {
    input: JSONL,
  });
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  const cards = (out[2]!.findings as Array<Record<string, unknown>>).map(({ score, ...rest }) => {
    assert.ok(typeof score === 'number' && score > 0.4);
    return rest;
  });
  assert.deepEqual(cards, [
    { entity: 'CREDIT_CARD', start: 5, end: 24, recognizer: 'credit_card', value: '4111 1111 1111 1111' },
  ]);
  const high = await runVeil(['scan', 'text', '--no-names', '--threshold', '0.99', '-'], { input: JSONL });
  for (const o of lines(high.stdout))
    for (const f of o.findings as Array<{ score: number }>) assert.ok(f.score >= 0.99);
  const bad = await runVeil(['scan', 'text', '--entities', 'NOPE', '-'], { input: JSONL });
  assert.equal(bad.code, 2);
});

test('redact text: findings replaced by <ENTITY>, --format text uses line numbers as ids', async () => {
  const r = await runVeil(['redact', 'text', '--no-names', '--format', 'text', '-'], {
    input: 'mail a@example.com\n\nip 203.0.113.9\n',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stdout), [
    { id: 1, text: 'mail <EMAIL_ADDRESS>' },
    { id: 3, text: 'ip <IP_ADDRESS>' },
  ]);
});

const SECRET = 'secret-jane@example.com';
const BAD_INPUTS: Array<[string, Buffer, string]> = [
  ['invalid JSON', Buffer.from(`{"id":1,"text":"ok"}\n{"id":2,"text":"${SECRET}"\n`), 'invalid JSON'],
  [
    'non-string text',
    Buffer.from(`{"id":1,"text":"ok"}\n{"id":2,"text":["${SECRET}"]}\n`),
    '"text" is not a string',
  ],
  [
    'missing text',
    Buffer.from(`{"id":1,"text":"ok"}\n{"id":2,"body":"${SECRET}"}\n`),
    'missing "text" field',
  ],
  [
    'invalid UTF-8',
    Buffer.concat([
      Buffer.from(`{"id":1,"text":"ok"}\n{"id":2,"text":"${SECRET} `),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n'),
    ]),
    'invalid UTF-8',
  ],
  [
    'huge line',
    Buffer.from(`{"id":1,"text":"ok"}\n{"id":2,"text":"${SECRET}${'x'.repeat(5000)}"}\n`),
    'line longer than 4096 bytes',
  ],
];

for (const [name, input, reason] of BAD_INPUTS) {
  test(`bad line (${name}): exit 3 with FILE:LINE and no content; quarantine goes on`, async () => {
    const dir = tempDir();
    const file = join(dir, 'docs.jsonl');
    writeFileSync(file, Buffer.concat([input, Buffer.from('{"id":3,"text":"ip 203.0.113.9"}\n')]));
    const fail = await runVeil(['scan', 'text', '--no-names', '--max-line-bytes', '4096', file]);
    assert.equal(fail.code, 3);
    assert.ok(fail.stderr.includes(`${file}:2`), fail.stderr);
    assert.ok(fail.stderr.includes(reason), fail.stderr);
    assert.ok(!fail.stderr.includes('secret-jane'));
    const q = join(dir, 'bad.jsonl');
    const ok = await runVeil([
      'scan',
      'text',
      '--no-names',
      '--max-line-bytes',
      '4096',
      '--on-error',
      'quarantine',
      q,
      file,
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(
      lines(ok.stdout).map((o) => o.id),
      [1, 3],
    );
    const bad = lines(readFileSync(q, 'utf8'));
    assert.deepEqual(
      bad.map((b) => [b.line, b.reason]),
      [[2, reason]],
    );
    assert.match(ok.stderr, /1 bad lines quarantined/);
  });
}

test('quarantine file is not created when the run fails for another reason', async () => {
  const dir = tempDir();
  const q = join(dir, 'bad.jsonl');
  const r = await runVeil(['scan', 'text', '--on-error', 'quarantine', q, join(dir, 'missing.jsonl')]);
  assert.equal(r.code, 2);
  assert.ok(!existsSync(q));
});

test('binary noise on stdin gives a clean error, not a crash', async () => {
  const noise = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919 + 13) % 256));
  const r = await runVeil(['scan', 'text', '--no-names', '-'], { input: noise });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /stdin:\d+/);
});

test('a custom YAML config is applied; a bad one names its path', async () => {
  const dir = tempDir();
  const config = join(dir, 'detect.yaml');
  writeFileSync(
    config,
    "recognizers:\n  - {name: emp, entity: EMPLOYEE_ID, regex: 'EMP-\\d{6}', score: 0.9}\n",
  );
  const r = await runVeil(['scan', 'text', '--no-names', '--config', config, '-'], {
    input: '{"id":1,"text":"badge EMP-123456"}\n',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((lines(r.stdout)[0]!.findings as Array<{ entity: string }>)[0]!.entity, 'EMPLOYEE_ID');
  writeFileSync(config, 'threshold: 3\n');
  const bad = await runVeil(['scan', 'text', '--config', config, '-'], { input: '' });
  assert.equal(bad.code, 2);
  assert.ok(bad.stderr.includes(`${config}:threshold`), bad.stderr);
});

test('scan text on worker threads: the same output, in input order, as on one thread', async () => {
  // Over one batch (256 KB), so workers start.
  const docs = Array.from({ length: 6000 }, (_, i) =>
    JSON.stringify({ id: i, text: `${DOCS[i % 3]!.text} Ticket ${i} for user${i}@example.org.` }),
  );
  const input = `${docs.join('\n')}\n`;
  assert.ok(input.length > 300_000);
  const one = await runVeil(['scan', 'text', '--no-names', '--threads', '1', '-'], { input });
  const two = await runVeil(['scan', 'text', '--no-names', '--threads', '2', '-'], { input });
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.deepEqual(
    lines(two.stdout).map((o) => o.id),
    docs.map((_, i) => i),
  );
  const bad = await runVeil(['scan', 'text', '--threads', '0', '-'], { input: JSONL });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--threads/);
});

test('scan text on a directory: a usage error naming it, not a crash', async () => {
  const dir = tempDir();
  const r = await runVeil(['scan', 'text', '--no-names', dir]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /input is a directory/);
  assert.ok(r.stderr.includes(dir));
});
