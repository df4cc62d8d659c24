import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeAtomically } from '../core/atomic.js';
import { buildRunEvent, type RunManifest } from '../policy/index.js';
import type { Column } from './columns.js';

/** The run manifest of `veil protect`: the policy's RunManifest plus what happened to each field. */
export interface ProtectManifest extends RunManifest {
  dataset: string;
  fields: {
    /** Output fields and the operator (or keep) that wrote them. */
    written: Record<string, string>;
    /** Declared fields the policy denies for the purpose. */
    dropped: string[];
    /** Fields in the data the policy does not declare: dropped, fail closed. */
    undeclared: string[];
  };
  /** "input": output rows are in input order; "any": written with --unordered. */
  rowOrder: 'input' | 'any';
}

/**
 * Hashing runs on the JS thread; a worker keeps it off the thread that answers DuckDB's UDF calls
 * (hashing a large input there while protect runs stalls every UDF call behind it). The worker is
 * plain JS evaluated in place, so it runs the same from sources and from the build.
 */
const SHA256_WORKER = `
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const hash = createHash('sha256');
createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on('data', (chunk) => hash.update(chunk))
  .on('error', (err) => parentPort.postMessage({ error: err.message, code: err.code }))
  .on('end', () => parentPort.postMessage({ digest: hash.digest('hex') }));
`;

export function sha256File(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const worker = new Worker(SHA256_WORKER, { eval: true, workerData: path });
    worker.once('message', (m: { digest?: string; error?: string; code?: string }) => {
      void worker.terminate();
      if (m.digest) done(m.digest);
      else fail(Object.assign(new Error(m.error ?? 'sha256 failed'), { code: m.code }));
    });
    worker.once('error', fail);
  });
}

export async function describeFile(
  path: string,
  format: string,
  rows: number,
  columns: Column[],
  sha256?: Promise<string>,
): Promise<RunManifest['input']> {
  const [digest, info] = await Promise.all([sha256 ?? sha256File(path), stat(path)]);
  return {
    namespace: 'file',
    name: resolve(path),
    format,
    sha256: digest,
    rows,
    bytes: info.size,
    fields: columns.map((c) => ({ name: c.name, type: c.type })),
  };
}

export const manifestPath = (output: string): string => `${output}.manifest.json`;
export const lineagePath = (output: string): string => `${output}.openlineage.json`;

/** Writes OUTPUT.manifest.json and OUTPUT.openlineage.json, each atomically. */
export async function writeManifests(output: string, manifest: ProtectManifest): Promise<void> {
  await writeJson(manifestPath(output), manifest);
  await writeJson(lineagePath(output), buildRunEvent(manifest));
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeAtomically(path, (tmp) => writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`));
}

/** One row set aside by a transform: where and why, never the value. */
export interface TransformFailure {
  file: string;
  row: number;
  field: string;
  reason: string;
}

/**
 * Adds transform failures to the quarantine file, after any malformed records the reader already
 * put there, replacing the file atomically.
 */
export async function appendQuarantine(path: string, failures: TransformFailure[]): Promise<void> {
  const existing = await readFile(path, 'utf8').catch(() => '');
  const lines = failures.map((f) => `${JSON.stringify(f)}\n`).join('');
  await writeAtomically(path, (tmp) => writeFile(tmp, existing + lines));
}
