import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeAtomically } from '../../core/atomic.js';
import { InputError } from '../../core/errors.js';
import type { KeyStore, StoredKey } from '../keyring.js';

/** Wrapped key records in one JSON file, rewritten atomically on every change. */
export class FileKeyStore implements KeyStore {
  constructor(readonly path: string) {}

  async list(): Promise<StoredKey[]> {
    return (await this.read()).keys;
  }

  async get(id: string): Promise<StoredKey | undefined> {
    return (await this.read()).keys.find((k) => k.id === id);
  }

  async put(key: StoredKey): Promise<void> {
    const doc = await this.read();
    const keys = doc.keys.filter((k) => k.id !== key.id);
    keys.push(key);
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeAtomically(this.path, (tmp) =>
      writeFile(tmp, `${JSON.stringify({ format: 'veil-keyring/1', keys }, null, 2)}\n`, { mode: 0o600 }),
    );
  }

  private async read(): Promise<{ keys: StoredKey[] }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [] };
      throw err;
    }
    try {
      const doc = JSON.parse(text) as { format?: string; keys?: StoredKey[] };
      if (doc.format !== 'veil-keyring/1' || !Array.isArray(doc.keys)) throw new Error('format');
      return { keys: doc.keys };
    } catch {
      throw new InputError('the keyring file is not a Veil keyring', {
        where: this.path,
        code: 'KEYRING_CORRUPT',
      });
    }
  }
}
