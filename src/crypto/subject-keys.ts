import { randomBytes } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import type { UnlockedKey } from './keyring.js';
import { unwrapSync, wrapSync } from './kms.js';
import { HmacSha256 } from './sha256-midstate.js';

/**
 * Per-subject data keys for crypto-shredding. A subject id is never stored: rows are keyed by a
 * 16-byte ref = HMAC(index key, subject id). Each row holds one random data key wrapped under the
 * key-encryption key of the same key version, so the store grows per subject, not per value, and
 * shredding one subject replaces its row(s) with a tombstone: O(1), whatever the store size.
 */
export interface NewSubjectKey {
  ref: string;
  wrapped: Buffer;
  revive?: boolean;
}

export type SubjectKeyEntry = { state: 'active'; wrapped: Buffer } | { state: 'shredded'; at: string };

export interface SubjectKeyStore {
  /** Entries for the refs present (hex refs). */
  getMany(refs: readonly string[]): Promise<Map<string, SubjectKeyEntry>>;
  /** Inserts absent refs; replaces a tombstone only for rows marked `revive` (a deliberate choice). */
  insertMany(rows: readonly NewSubjectKey[]): Promise<void>;
  /** Replaces a row by a tombstone (destroying its wrapped key); false when the ref was never seen. */
  shred(ref: string, at: string): Promise<boolean>;
}

export class MemorySubjectKeyStore implements SubjectKeyStore {
  readonly rows = new Map<string, SubjectKeyEntry>();
  async getMany(refs: readonly string[]): Promise<Map<string, SubjectKeyEntry>> {
    const out = new Map<string, SubjectKeyEntry>();
    for (const ref of refs) {
      const row = this.rows.get(ref);
      if (row) out.set(ref, row);
    }
    return out;
  }
  async insertMany(rows: readonly NewSubjectKey[]): Promise<void> {
    for (const r of rows) {
      const existing = this.rows.get(r.ref);
      if (!existing || (existing.state === 'shredded' && r.revive)) {
        this.rows.set(r.ref, { state: 'active', wrapped: r.wrapped });
      }
    }
  }
  async shred(ref: string, at: string): Promise<boolean> {
    const existed = this.rows.has(ref);
    this.rows.set(ref, { state: 'shredded', at });
    return existed;
  }
}

/** What a prepared lookup says about one subject under one key version. */
export type SubjectKeyLookup =
  { state: 'active'; key: Buffer } | { state: 'shredded' } | { state: 'missing' };

export class SubjectKeys {
  private readonly cache = new Map<string, SubjectKeyLookup>();
  private readonly indexers = new Map<number, HmacSha256>();
  private readonly keks = new Map<number, Buffer>();

  constructor(
    readonly key: UnlockedKey,
    private readonly store: SubjectKeyStore,
  ) {}

  /** The stored ref of a subject under a key version (hex, 32 characters). */
  ref(subjectId: string, version: number): string {
    let indexer = this.indexers.get(version);
    if (!indexer) {
      indexer = new HmacSha256(this.key.subkey(version, 'subject-index'));
      this.indexers.set(version, indexer);
    }
    return Buffer.from(indexer.mac(Buffer.from(subjectId, 'utf8')))
      .subarray(0, 16)
      .toString('hex');
  }

  /**
   * Loads the keys of these refs into memory (one store round trip per batch). With `create`,
   * refs never seen get a fresh key; tombstoned refs stay shredded unless `recreateShredded` is set.
   */
  async prepare(
    refs: readonly { ref: string; version: number }[],
    options: { create: boolean; recreateShredded?: boolean },
  ): Promise<void> {
    const wanted = [...new Map(refs.filter((r) => !this.cache.has(r.ref)).map((r) => [r.ref, r.version]))];
    if (wanted.length === 0) return;
    const found = await this.store.getMany(wanted.map(([ref]) => ref));
    const created: NewSubjectKey[] = [];
    for (const [ref, version] of wanted) {
      const entry = found.get(ref);
      if (entry?.state === 'active') {
        this.cache.set(ref, { state: 'active', key: this.unwrap(entry.wrapped, ref, version) });
      } else if (entry?.state === 'shredded' && !options.recreateShredded) {
        this.cache.set(ref, { state: 'shredded' });
      } else if (options.create) {
        const dataKey = randomBytes(32);
        const wrapped = wrapSync(this.kek(version), dataKey, `subject:${ref}`);
        created.push({ ref, wrapped, ...(entry ? { revive: true } : {}) });
        this.cache.set(ref, { state: 'active', key: dataKey });
      } else {
        this.cache.set(ref, { state: entry ? 'shredded' : 'missing' });
      }
    }
    if (created.length > 0) await this.settle(created, wanted);
  }

  /**
   * Stores fresh keys, then reads them back: when another process created the same subject's key
   * first, the store kept that one, and values must be encrypted under the stored key, not ours.
   */
  private async settle(created: NewSubjectKey[], wanted: [string, number][]): Promise<void> {
    await this.store.insertMany(created);
    const versions = new Map(wanted);
    const stored = await this.store.getMany(created.map((c) => c.ref));
    for (const row of created) {
      const entry = stored.get(row.ref);
      if (entry?.state === 'active' && !entry.wrapped.equals(row.wrapped)) {
        this.cache.set(row.ref, {
          state: 'active',
          key: this.unwrap(entry.wrapped, row.ref, versions.get(row.ref)!),
        });
      } else if (entry?.state === 'shredded') {
        this.cache.set(row.ref, { state: 'shredded' });
      }
    }
  }

  /** The prepared state of a ref (sync, for operators running inside a batch). */
  lookup(ref: string): SubjectKeyLookup {
    return this.cache.get(ref) ?? { state: 'missing' };
  }

  /** Crypto-shreds a subject under every usable version of the key. Returns how many rows were destroyed. */
  async shred(subjectId: string, at: Date = new Date()): Promise<number> {
    let destroyed = 0;
    for (const version of this.key.usableVersions()) {
      const ref = this.ref(subjectId, version);
      if (await this.store.shred(ref, at.toISOString())) destroyed++;
      this.cache.set(ref, { state: 'shredded' });
    }
    return destroyed;
  }

  private kek(version: number): Buffer {
    let kek = this.keks.get(version);
    if (!kek) {
      kek = this.key.subkey(version, 'subject-kek');
      this.keks.set(version, kek);
    }
    return kek;
  }

  private unwrap(wrapped: Buffer, ref: string, version: number): Buffer {
    const key = unwrapSync(this.kek(version), wrapped, `subject:${ref}`);
    if (!key)
      throw new UsageError('a subject key does not unwrap under its key version', {
        code: 'SUBJECT_KEY_CORRUPT',
      });
    return key;
  }
}
