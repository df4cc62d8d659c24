import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTextJob, type BadLine, type TextTask } from '../../src/engine/text-job.js';
import { LineBatcher, splitLines, type TextLine } from '../../src/engine/text-lines.js';
import { seededRandom } from '../helpers/seeded.js';

/** What each line of `input` is, read the simple way: split on newlines, decode strictly. */
function reference(input: Buffer, maxBytes: number): TextLine[] {
  const lines: TextLine[] = [];
  const parts = [];
  let from = 0;
  for (;;) {
    const nl = input.indexOf(10, from);
    parts.push(input.subarray(from, nl === -1 ? input.length : nl));
    if (nl === -1) break;
    from = nl + 1;
  }
  // A final newline ends the last line; it does not start an empty one.
  if (parts[parts.length - 1]!.length === 0) parts.pop();
  // A fresh decoding per line: a line's leading byte order mark is not text.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  parts.forEach((bytes, i) => {
    const number = i + 1;
    if (bytes.length > maxBytes)
      return lines.push({ number, text: '', issue: `line longer than ${maxBytes} bytes` });
    const body = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.subarray(0, -1) : bytes;
    try {
      lines.push({ number, text: decoder.decode(body) });
    } catch {
      lines.push({ number, text: '', issue: 'invalid UTF-8' });
    }
  });
  return lines;
}

/** Random bytes that are mostly short text lines, with CRs, BOMs, invalid UTF-8 and long lines. */
function randomInput(r: () => number): Buffer {
  const pieces: Buffer[] = [];
  const n = Math.floor(r() * 60);
  for (let i = 0; i < n; i++) {
    const kind = r();
    if (kind < 0.05) pieces.push(Buffer.from([0xff, 0xc3]));
    else if (kind < 0.1) pieces.push(Buffer.from('\r'));
    else if (kind < 0.13) pieces.push(Buffer.from('\ufeff'));
    else if (kind < 0.2) pieces.push(Buffer.from('x'.repeat(Math.floor(r() * 90))));
    else if (kind < 0.5) pieces.push(Buffer.from('\n'));
    else pieces.push(Buffer.from(['héllo', 'a', '日本', ' ', 'call 415-555-2671'][Math.floor(r() * 5)]!));
  }
  return Buffer.concat(pieces);
}

/** The input cut into chunks at random places. */
function chunks(input: Buffer, r: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < input.length;) {
    const size = 1 + Math.floor(r() * 40);
    out.push(input.subarray(at, at + size));
    at += size;
  }
  return out;
}

function viaBatcher(input: Buffer, r: () => number, maxBytes: number, batchBytes: number): TextLine[] {
  const batcher = new LineBatcher(maxBytes, batchBytes);
  const lines: TextLine[] = [];
  const take = (batches: ReturnType<LineBatcher['push']>): void => {
    for (const b of batches) {
      if ('tooLong' in b) {
        lines.push({ number: b.tooLong, text: '', issue: `line longer than ${maxBytes} bytes` });
        continue;
      }
      lines.push(...splitLines(b.bytes, b.first));
    }
  };
  for (const c of chunks(input, r)) take(batcher.push(c));
  take(batcher.end());
  return lines;
}

test('batches of whole lines, split in a worker, read every line as the simple reading does', () => {
  const r = seededRandom(31);
  for (let k = 0; k < 3000; k++) {
    const input = randomInput(r);
    const maxBytes = 1 + Math.floor(r() * 60);
    const expected = reference(input, maxBytes);
    const batched = viaBatcher(input, r, maxBytes, 1 + Math.floor(r() * 100));
    assert.deepEqual(batched, expected, JSON.stringify([input.toString('latin1'), maxBytes]));
  }
});

const TASK: TextTask = { mode: 'scan', format: 'jsonl', showValues: false, detect: {}, names: false };

const DOCS = Array.from({ length: 400 }, (_, i) =>
  JSON.stringify({
    id: i,
    text: [
      `mail user${i}@example.com`,
      `call +44 20 7946 0${String(i % 1000).padStart(3, '0')}`,
      'nothing here',
    ][i % 3],
  }),
);

async function run(
  input: string,
  threads: number,
  onBad: (bad: BadLine) => void = () => undefined,
): Promise<{ output: string; counts: { documents: number; findings: number; bad: number } }> {
  let output = '';
  const counts = await runTextJob([Buffer.from(input)], {
    task: TASK,
    maxLineBytes: 200,
    threads,
    batchBytes: 512,
    onBad,
    write: (chunk) => {
      output += chunk;
    },
  });
  return { output, counts };
}

test('worker threads write the same output, in input order, as one thread', async () => {
  const input = `${DOCS.join('\n')}\n`;
  const one = await run(input, 1);
  const three = await run(input, 3);
  assert.equal(three.output, one.output);
  assert.deepEqual(three.counts, one.counts);
  const ids = one.output
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { id: number }).id);
  assert.deepEqual(
    ids,
    DOCS.map((_, i) => i),
  );
  assert.ok(one.counts.findings >= 260, `${one.counts.findings}`);
});

test('bad lines reach onBad in input order with their line numbers; the output before a failing one is written', async () => {
  const lines = [...DOCS];
  lines[150] = '{"id": 150, "text": "secret@example.com"';
  lines[300] = `{"id":300,"text":"${'x'.repeat(300)}"}`;
  lines[301] = '{"id":301,"body":"x"}';
  const input = `${lines.join('\n')}\n`;
  for (const threads of [1, 2]) {
    const bad: BadLine[] = [];
    const all = await run(input, threads, (b) => bad.push(b));
    assert.deepEqual(
      bad.map((b) => [b.line, b.reason, b.record]),
      [
        [151, 'invalid JSON', lines[150]],
        [301, 'line longer than 200 bytes', undefined],
        [302, 'missing "text" field', lines[301]],
      ],
    );
    assert.equal(all.counts.documents, 397);
    let written = '';
    await assert.rejects(
      runTextJob([Buffer.from(input)], {
        task: TASK,
        maxLineBytes: 200,
        threads,
        batchBytes: 512,
        onBad: () => {
          throw new Error('stop');
        },
        write: (chunk) => {
          written += chunk;
        },
      }),
      /stop/,
    );
    const ids = written
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: number }).id);
    assert.deepEqual(
      ids,
      Array.from({ length: 150 }, (_, i) => i),
    );
  }
});
