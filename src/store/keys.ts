import { VeilError } from '../core/errors.js';
import type { KeyState, KeyStore, StoredKey, StoredKeyVersion } from '../crypto/keyring.js';
import type { NewSubjectKey, SubjectKeyEntry, SubjectKeyStore } from '../crypto/subject-keys.js';
import type { TokenVault, VaultEntry } from '../crypto/vault.js';
import type { Database, Queryable } from './database.js';

/**
 * The crypto room's stores on the metadata database: wrapped key versions (KeyStore), per-subject
 * keys (SubjectKeyStore) and the token vault (TokenVault). Key material is only ever stored wrapped.
 */
interface KeyRow {
  id: string;
  primary_version: number;
  created_at: string;
}
interface VersionRow {
  key_id: string;
  version: number;
  state: KeyState;
  created_at: string;
  wrapped_key: Uint8Array | null;
}

function toStored(key: KeyRow, versions: VersionRow[]): StoredKey {
  return {
    id: key.id,
    primary: key.primary_version,
    createdAt: key.created_at,
    versions: versions
      .filter((v) => v.key_id === key.id)
      .sort((a, b) => a.version - b.version)
      .map((v): StoredKeyVersion => {
        const out: StoredKeyVersion = { version: v.version, state: v.state, createdAt: v.created_at };
        if (v.wrapped_key) out.wrapped = Buffer.from(v.wrapped_key).toString('base64');
        return out;
      }),
  };
}

export class DbKeyStore implements KeyStore {
  /** A Database, or a transaction so a key change commits with its audit entry. */
  constructor(private readonly db: Queryable) {}

  async list(): Promise<StoredKey[]> {
    const keys = await this.db.query<KeyRow>('SELECT id, primary_version, created_at FROM keys ORDER BY id');
    const versions = await this.db.query<VersionRow>(
      'SELECT key_id, version, state, created_at, wrapped_key FROM key_versions',
    );
    return keys.rows.map((k) => toStored(k, versions.rows));
  }

  async get(id: string): Promise<StoredKey | undefined> {
    const key = (
      await this.db.query<KeyRow>('SELECT id, primary_version, created_at FROM keys WHERE id = $1', [id])
    ).rows[0];
    if (!key) return undefined;
    const versions = await this.db.query<VersionRow>(
      'SELECT key_id, version, state, created_at, wrapped_key FROM key_versions WHERE key_id = $1',
      [id],
    );
    return toStored(key, versions.rows);
  }

  /**
   * Writes the key. Stored material is never replaced by other material: two concurrent rotations
   * would otherwise both make "version n+1" and the loser's ciphertexts would become unreadable.
   * Material may only go away (destroy). Call inside a transaction for atomicity across versions.
   */
  async put(key: StoredKey): Promise<void> {
    await this.db.query(
      `INSERT INTO keys (id, primary_version, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET primary_version = EXCLUDED.primary_version, updated_at = now()`,
      [key.id, key.primary, key.createdAt],
    );
    const existing = await this.db.query<VersionRow>(
      'SELECT key_id, version, state, created_at, wrapped_key FROM key_versions WHERE key_id = $1 FOR UPDATE',
      [key.id],
    );
    const byVersion = new Map(existing.rows.map((r) => [r.version, r]));
    for (const v of key.versions) {
      const wrapped = v.wrapped ? Buffer.from(v.wrapped, 'base64') : null;
      const old = byVersion.get(v.version);
      if (old?.wrapped_key && wrapped && !Buffer.from(old.wrapped_key).equals(wrapped)) {
        throw new VeilError('usage', `key "${key.id}" version ${v.version} was created concurrently`, {
          code: 'CONFLICT',
          hint: 'retry the rotation',
        });
      }
      await this.db.query(
        `INSERT INTO key_versions (key_id, version, state, created_at, wrapped_key) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key_id, version) DO UPDATE SET state = EXCLUDED.state,
           wrapped_key = CASE WHEN EXCLUDED.wrapped_key IS NULL THEN NULL ELSE key_versions.wrapped_key END`,
        [key.id, v.version, v.state, v.createdAt, wrapped],
      );
    }
  }
}

interface SubjectRow {
  ref: string;
  wrapped_key: Uint8Array | null;
  shredded_at: string | null;
}

export class DbSubjectKeyStore implements SubjectKeyStore {
  constructor(private readonly db: Queryable) {}

  async getMany(refs: readonly string[]): Promise<Map<string, SubjectKeyEntry>> {
    const out = new Map<string, SubjectKeyEntry>();
    if (refs.length === 0) return out;
    const result = await this.db.query<SubjectRow>(
      'SELECT ref, wrapped_key, shredded_at FROM subject_keys WHERE ref = ANY($1)',
      [[...refs]],
    );
    for (const r of result.rows) {
      out.set(
        r.ref,
        r.wrapped_key
          ? { state: 'active', wrapped: Buffer.from(r.wrapped_key) }
          : { state: 'shredded', at: r.shredded_at ?? '' },
      );
    }
    return out;
  }

  /**
   * Inserts absent refs in one statement; an existing active row wins (two servers creating the
   * same subject's key at once: the first stays, and the loser's fresh key was not used by anyone
   * but its caller, who must re-read — see `prepare`). Tombstones are replaced only for `revive`.
   */
  async insertMany(rows: readonly NewSubjectKey[]): Promise<void> {
    if (rows.length === 0) return;
    const fresh = rows.filter((r) => !r.revive);
    if (fresh.length > 0) {
      await this.db.query(
        `INSERT INTO subject_keys (ref, wrapped_key)
         SELECT * FROM unnest($1::text[], $2::text[]::bytea[]) ON CONFLICT (ref) DO NOTHING`,
        [fresh.map((r) => r.ref), fresh.map((r) => `\\x${r.wrapped.toString('hex')}`)],
      );
    }
    for (const r of rows.filter((x) => x.revive)) {
      await this.db.query(
        `INSERT INTO subject_keys (ref, wrapped_key) VALUES ($1, $2)
         ON CONFLICT (ref) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key, shredded_at = NULL,
           created_at = now() WHERE subject_keys.wrapped_key IS NULL`,
        [r.ref, r.wrapped],
      );
    }
  }

  async shred(ref: string, at: string): Promise<boolean> {
    const result = await this.db.query<{ existed: boolean }>(
      `INSERT INTO subject_keys (ref, wrapped_key, shredded_at) VALUES ($1, NULL, $2)
       ON CONFLICT (ref) DO UPDATE SET wrapped_key = NULL,
         shredded_at = COALESCE(subject_keys.shredded_at, EXCLUDED.shredded_at)
       RETURNING (xmax <> 0) AS existed`,
      [ref, at],
    );
    return result.rows[0]?.existed ?? false;
  }
}

export class DbTokenVault implements TokenVault {
  constructor(private readonly db: Queryable) {}

  async findByIndex(indexes: readonly string[]): Promise<Map<string, string>> {
    if (indexes.length === 0) return new Map();
    const result = await this.db.query<{ value_index: string; token: string }>(
      'SELECT value_index, token FROM token_vault WHERE value_index = ANY($1)',
      [[...indexes]],
    );
    return new Map(result.rows.map((r) => [r.value_index, r.token]));
  }

  async findByToken(tokens: readonly string[]): Promise<Map<string, Buffer>> {
    if (tokens.length === 0) return new Map();
    const result = await this.db.query<{ token: string; sealed: Uint8Array }>(
      'SELECT token, sealed FROM token_vault WHERE token = ANY($1)',
      [[...tokens]],
    );
    return new Map(result.rows.map((r) => [r.token, Buffer.from(r.sealed)]));
  }

  /** A value already tokenized by a concurrent request keeps its first token (UNIQUE value_index). */
  async insertMany(entries: readonly VaultEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO token_vault (token, value_index, sealed)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]::bytea[]) ON CONFLICT DO NOTHING`,
      [
        entries.map((e) => e.token),
        entries.map((e) => e.index),
        entries.map((e) => `\\x${e.sealed.toString('hex')}`),
      ],
    );
  }
}

export type { Database };
