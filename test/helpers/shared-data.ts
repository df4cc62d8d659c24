import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared development corpora (`../shared/data` beside the repository, or VEIL_SHARED_DATA).
 * Tests that need them skip with a visible reason when they are absent, rather than fail.
 */
export const SHARED_DATA =
  process.env.VEIL_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));

export const sharedFile = (relative: string): string => join(SHARED_DATA, relative);

/** `false` when every file exists, otherwise the skip reason naming what is missing. */
export function missingShared(...relatives: string[]): string | false {
  const missing = relatives.filter((r) => !existsSync(sharedFile(r)));
  return missing.length === 0
    ? false
    : `shared corpora not found: ${missing.join(', ')} under ${SHARED_DATA} (set VEIL_SHARED_DATA)`;
}
