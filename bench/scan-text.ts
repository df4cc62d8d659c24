/**
 * `veil scan text` end to end, as a user runs it: a JSONL file of the mixed corpus of
 * bench/detect-throughput.ts, scanned by the built CLI to /dev/null, against a floor measured in
 * the same run: the same file read, split into lines, each parsed and rendered as a result line
 * with no findings, written in 64 KB pieces (what the command does besides analysis).
 *
 *   npm run build && node --import tsx bench/scan-text.ts [--mb 50] [--reps 3]
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mixedCorpus } from './detect-corpus.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The command's work without analysis, in this process. */
async function floor(file: string): Promise<number> {
  const start = performance.now();
  const out = openSync('/dev/null', 'w');
  let pending = '';
  let parts: string[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) {
    const lines = (pending + (chunk as Buffer).toString('utf8')).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const doc = JSON.parse(line) as { id: unknown; text: string };
      const rendered = `${JSON.stringify({ id: doc.id, findings: [] })}\n`;
      parts.push(rendered);
      size += rendered.length;
      if (size >= 1 << 16) {
        writeSync(out, parts.join(''));
        parts = [];
        size = 0;
      }
    }
  }
  writeSync(out, parts.join(''));
  closeSync(out);
  return (performance.now() - start) / 1000;
}

function cli(args: string[]): number {
  const start = performance.now();
  // The bin itself, so its shebang's V8 flags apply as they do for a user.
  const r = spawnSync('bin/veil.js', ['scan', 'text', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`veil scan text failed: ${r.stderr.toString()}`);
  return (performance.now() - start) / 1000;
}

async function main(): Promise<void> {
  const mb = flag('--mb', 50);
  const reps = flag('--reps', 3);
  const dir = mkdtempSync(join(tmpdir(), 'veil-bench-text-'));
  const file = join(dir, 'docs.jsonl');
  try {
    const { docs } = mixedCorpus(mb);
    const body = `${docs.map((text, id) => JSON.stringify({ id, text })).join('\n')}\n`;
    writeFileSync(file, body);
    const bytes = Buffer.byteLength(body);
    console.log(
      `input: ${docs.length} documents, ${(bytes / 1e6).toFixed(1)} MB of JSONL; ${availableParallelism()} cores`,
    );
    const runs: Array<[string, () => Promise<number> | number]> = [
      ['floor: read, split, parse, render, write', () => floor(file)],
      ['scan text --no-names --threads 1', () => cli(['--no-names', '--threads', '1', file])],
      ['scan text --no-names (threads auto)', () => cli(['--no-names', file])],
      ['scan text --threads 1 (with names)', () => cli(['--threads', '1', file])],
      ['scan text (with names, threads auto)', () => cli([file])],
    ];
    const seconds = new Map<string, number[]>(runs.map(([n]) => [n, []]));
    for (let r = 0; r < reps; r++) {
      const order = r % 2 === 0 ? runs : [...runs].reverse();
      for (const [name, run] of order) seconds.get(name)!.push(await run());
    }
    const floorSeconds = median(seconds.get(runs[0]![0])!);
    console.log('\nwall time, median of reps (MB = 10^6 bytes of JSONL input)');
    for (const [name] of runs) {
      const s = median(seconds.get(name)!);
      console.log(
        `  ${name.padEnd(40)} ${s.toFixed(2).padStart(6)} s  ${(bytes / 1e6 / s).toFixed(2).padStart(6)} MB/s  ${(s / floorSeconds).toFixed(1).padStart(5)}x floor`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
