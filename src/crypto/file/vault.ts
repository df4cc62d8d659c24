import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TokenVault, VaultEntry } from '../vault.js';

/** Token vault as an append-only JSONL file (token, value index, sealed value), loaded at open. */
export class FileTokenVault implements TokenVault {
  private readonly byIndex = new Map<string, string>();
  private readonly byToken = new Map<string, Buffer>();

  private constructor(readonly path: string) {}

  static async open(path: string): Promise<FileTokenVault> {
    const vault = new FileTokenVault(path);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      const e = JSON.parse(line) as { t: string; i: string; s: string };
      vault.byIndex.set(e.i, e.t);
      vault.byToken.set(e.t, Buffer.from(e.s, 'base64'));
    }
    return vault;
  }

  async findByIndex(indexes: readonly string[]): Promise<Map<string, string>> {
    return new Map(indexes.flatMap((i) => (this.byIndex.has(i) ? [[i, this.byIndex.get(i)!] as const] : [])));
  }

  async findByToken(tokens: readonly string[]): Promise<Map<string, Buffer>> {
    return new Map(tokens.flatMap((t) => (this.byToken.has(t) ? [[t, this.byToken.get(t)!] as const] : [])));
  }

  async insertMany(entries: readonly VaultEntry[]): Promise<void> {
    const fresh = entries.filter((e) => !this.byIndex.has(e.index));
    if (fresh.length === 0) return;
    for (const e of fresh) {
      this.byIndex.set(e.index, e.token);
      this.byToken.set(e.token, e.sealed);
    }
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const lines = fresh.map((e) =>
      JSON.stringify({ t: e.token, i: e.index, s: e.sealed.toString('base64') }),
    );
    await appendFile(this.path, `${lines.join('\n')}\n`, { mode: 0o600 });
  }
}
