import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
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
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
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
