import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes an output through a temporary sibling file and renames it into place only on success,
 * so a failed or killed run never leaves a partial output behind.
 */
export async function writeAtomically<T>(target: string, write: (tmpPath: string) => Promise<T>): Promise<T> {
  const tmp = temporarySibling(target);
  try {
    const result = await write(tmp);
    await rename(tmp, target);
    return result;
  } catch (err) {
    await rm(tmp, { force: true, recursive: true });
    throw err;
  }
}

/** A hidden temporary path next to `target` (same filesystem, so rename is atomic). */
export function temporarySibling(target: string): string {
  return join(dirname(target), `.${basename(target)}.veil-tmp-${randomBytes(6).toString('hex')}`);
}
