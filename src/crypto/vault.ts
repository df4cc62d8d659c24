import { createCipheriv, createDecipheriv } from 'node:crypto';
import { invalidCiphertext } from './errors.js';
import type { UnlockedKey } from './keyring.js';
import { RandomPool } from './random-pool.js';
import { HmacSha256 } from './sha256-midstate.js';

/**
 * Tokenization through a vault. Tokens are random (CSPRNG), so they reveal nothing by themselves;
 * the vault maps token -> value sealed with AES-256-GCM, and HMAC(value) -> token so one value keeps
 * one token (joinable). The vault never holds a value in clear.
 */
export interface VaultEntry {
  token: string;
  /** HMAC of the value under the key version's index subkey (hex). */
  index: string;
  /** iv | ciphertext | tag of the value, token as associated data. */
  sealed: Buffer;
}

export interface TokenVault {
  findByIndex(indexes: readonly string[]): Promise<Map<string, string>>;
  findByToken(tokens: readonly string[]): Promise<Map<string, Buffer>>;
  insertMany(entries: readonly VaultEntry[]): Promise<void>;
}

export class MemoryTokenVault implements TokenVault {
  readonly byIndex = new Map<string, string>();
  readonly byToken = new Map<string, Buffer>();
  async findByIndex(indexes: readonly string[]): Promise<Map<string, string>> {
    return pick(this.byIndex, indexes);
  }
  async findByToken(tokens: readonly string[]): Promise<Map<string, Buffer>> {
    return pick(this.byToken, tokens);
  }
  async insertMany(entries: readonly VaultEntry[]): Promise<void> {
    for (const e of entries) {
      if (this.byIndex.has(e.index)) continue;
      this.byIndex.set(e.index, e.token);
      this.byToken.set(e.token, e.sealed);
    }
  }
}

function pick<V>(map: Map<string, V>, keys: readonly string[]): Map<string, V> {
  const out = new Map<string, V>();
  for (const k of keys) {
    const v = map.get(k);
    if (v !== undefined) out.set(k, v);
  }
  return out;
}

const TOKEN = /^tok_([a-z][a-z0-9_-]{0,31})v([1-9][0-9]{0,8})_([a-z2-7]{26})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function parseToken(token: string): { keyId: string; version: number } | undefined {
  const m = TOKEN.exec(token);
  return m ? { keyId: m[1]!, version: Number(m[2]) } : undefined;
}

export class Tokenizer {
  private readonly random = new RandomPool();
  private readonly tokens = new Map<string, string>();
  private readonly values = new Map<string, Buffer>();
  private readonly indexers = new Map<number, HmacSha256>();
  private readonly sealKeys = new Map<number, Buffer>();

  constructor(
    readonly key: UnlockedKey,
    private readonly vault: TokenVault,
    private readonly version = key.primary,
  ) {}

  /** Looks up (or creates and stores) the tokens of these values; afterwards `token()` is sync. */
  async prepare(values: readonly string[]): Promise<void> {
    const byIndex = new Map<string, string>();
    for (const v of values) if (!this.tokens.has(v)) byIndex.set(this.index(v), v);
    if (byIndex.size === 0) return;
    const found = await this.vault.findByIndex([...byIndex.keys()]);
    const created: VaultEntry[] = [];
    for (const [index, value] of byIndex) {
      let token = found.get(index);
      if (!token) {
        token = this.newToken();
        created.push({ token, index, sealed: this.seal(token, value) });
      }
      this.tokens.set(value, token);
    }
    if (created.length > 0) await this.settle(created, byIndex);
  }

  /** Stores new tokens and reads them back: a value tokenized concurrently elsewhere keeps its first token. */
  private async settle(created: VaultEntry[], valueOf: ReadonlyMap<string, string>): Promise<void> {
    await this.vault.insertMany(created);
    const stored = await this.vault.findByIndex(created.map((e) => e.index));
    for (const e of created) {
      const winner = stored.get(e.index);
      if (winner !== undefined && winner !== e.token) this.tokens.set(valueOf.get(e.index)!, winner);
    }
  }

  token(value: string): string {
    const t = this.tokens.get(value);
    if (t === undefined) throw new Error('tokenizer used before prepare()');
    return t;
  }

  /** Loads sealed values of these tokens for detokenize(). */
  async prepareReveal(tokens: readonly string[]): Promise<void> {
    const wanted = tokens.filter((t) => !this.values.has(t) && parseToken(t)?.keyId === this.key.id);
    const found = await this.vault.findByToken(wanted);
    for (const [token, sealed] of found) this.values.set(token, sealed);
  }

  detokenize(token: string): Buffer {
    const parsed = parseToken(token);
    if (!parsed || parsed.keyId !== this.key.id) throw invalidCiphertext('a token');
    const sealed = this.values.get(token);
    if (!sealed) throw invalidCiphertext('a token unknown to the vault');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey(parsed.version), sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(token));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    } catch {
      throw invalidCiphertext('a vault entry');
    }
  }

  private index(value: string): string {
    let h = this.indexers.get(this.version);
    if (!h) {
      h = new HmacSha256(this.key.subkey(this.version, 'vault-index'));
      this.indexers.set(this.version, h);
    }
    return Buffer.from(h.mac(Buffer.from(value, 'utf8'))).toString('hex');
  }

  private newToken(): string {
    const bytes = this.random.take(26);
    let s = '';
    for (const b of bytes) s += BASE32[b & 31]!;
    return `tok_${this.key.id}v${this.version}_${s}`;
  }

  private seal(token: string, value: string): Buffer {
    const iv = this.random.take(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey(this.version), iv);
    cipher.setAAD(Buffer.from(token));
    const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, ct, cipher.getAuthTag()]);
  }

  private sealKey(version: number): Buffer {
    let k = this.sealKeys.get(version);
    if (!k) {
      k = this.key.subkey(version, 'vault-seal');
      this.sealKeys.set(version, k);
    }
    return k;
  }
}
