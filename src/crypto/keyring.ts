import { hkdfSync, randomBytes } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import { keyNotFound, keyVersionUnusable } from './errors.js';
import type { Kms } from './kms.js';

export type KeyState = 'enabled' | 'disabled' | 'destroyed';

export interface StoredKeyVersion {
  version: number;
  state: KeyState;
  createdAt: string;
  /** Key material wrapped by the KMS (base64); absent once destroyed. */
  wrapped?: string;
}

export interface StoredKey {
  id: string;
  primary: number;
  createdAt: string;
  versions: StoredKeyVersion[];
}

/** Where wrapped key records live: a JSON file for the CLI, PostgreSQL for the service. */
export interface KeyStore {
  list(): Promise<StoredKey[]>;
  get(id: string): Promise<StoredKey | undefined>;
  put(key: StoredKey): Promise<void>;
}

export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, StoredKey>();
  async list(): Promise<StoredKey[]> {
    return [...this.keys.values()].map((k) => structuredClone(k));
  }
  async get(id: string): Promise<StoredKey | undefined> {
    const key = this.keys.get(id);
    return key && structuredClone(key);
  }
  async put(key: StoredKey): Promise<void> {
    this.keys.set(key.id, structuredClone(key));
  }
}

/** Key ids appear inside ciphertext headers, so they are restricted to a header-safe alphabet. */
export const KEY_ID_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
const MATERIAL_BYTES = 64;

/** The unwrapped, usable versions of one key, held in memory while operators run. */
export class UnlockedKey {
  constructor(
    readonly id: string,
    readonly primary: number,
    private readonly states: ReadonlyMap<number, KeyState>,
    private readonly materials: ReadonlyMap<number, Buffer>,
  ) {}

  /** Raw material of an enabled version; a specific error for disabled, destroyed or unknown ones. */
  material(version: number): Buffer {
    const m = this.materials.get(version);
    if (m) return m;
    throw keyVersionUnusable(this.id, version, this.states.get(version) ?? 'unknown');
  }

  /** A purpose-bound subkey (HKDF-SHA-256), so one named key never reuses bytes across algorithms. */
  subkey(version: number, purpose: string, length = 32): Buffer {
    return Buffer.from(
      hkdfSync('sha256', this.material(version), Buffer.alloc(0), `veil:${purpose}`, length),
    );
  }

  /** The versions that can still be used, newest first. */
  usableVersions(): number[] {
    return [...this.materials.keys()].sort((a, b) => b - a);
  }
}

/**
 * Named keys with versions: rotate adds a version and makes it primary (new data uses it), old
 * versions keep decrypting until disabled; destroy drops the wrapped material for good.
 */
export class Keyring {
  constructor(
    readonly store: KeyStore,
    readonly kms: Kms,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(id: string): Promise<StoredKey> {
    if (!KEY_ID_PATTERN.test(id)) {
      throw new UsageError('key names are 1-32 characters: a-z first, then a-z, 0-9, _ or -', {
        code: 'KEY_ID_INVALID',
      });
    }
    if (await this.store.get(id)) {
      throw new UsageError(`key "${id}" already exists`, {
        code: 'KEY_EXISTS',
        hint: 'use `veil keys rotate` for a new version',
      });
    }
    const key: StoredKey = {
      id,
      primary: 1,
      createdAt: this.now().toISOString(),
      versions: [await this.newVersion(id, 1)],
    };
    await this.store.put(key);
    return key;
  }

  async rotate(id: string): Promise<StoredKey> {
    const key = await this.require(id);
    const version = Math.max(...key.versions.map((v) => v.version)) + 1;
    key.versions.push(await this.newVersion(id, version));
    key.primary = version;
    await this.store.put(key);
    return key;
  }

  async setState(id: string, version: number, state: 'enabled' | 'disabled'): Promise<StoredKey> {
    const key = await this.require(id);
    const v = this.requireVersion(key, version);
    if (v.state === 'destroyed') throw keyVersionUnusable(id, version, 'destroyed');
    v.state = state;
    await this.store.put(key);
    return key;
  }

  /** Irreversible: the wrapped material is removed from the store. */
  async destroy(id: string, version: number): Promise<StoredKey> {
    const key = await this.require(id);
    const v = this.requireVersion(key, version);
    v.state = 'destroyed';
    delete v.wrapped;
    await this.store.put(key);
    return key;
  }

  async list(): Promise<StoredKey[]> {
    return (await this.store.list()).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Unwraps every enabled version of `id` for use by operators. */
  async unlock(id: string): Promise<UnlockedKey> {
    const key = await this.require(id);
    const states = new Map<number, KeyState>();
    const materials = new Map<number, Buffer>();
    for (const v of key.versions) {
      states.set(v.version, v.state);
      if (v.state === 'enabled' && v.wrapped) {
        materials.set(
          v.version,
          await this.kms.unwrap(Buffer.from(v.wrapped, 'base64'), context(id, v.version)),
        );
      }
    }
    return new UnlockedKey(id, key.primary, states, materials);
  }

  private async newVersion(id: string, version: number): Promise<StoredKeyVersion> {
    const material = randomBytes(MATERIAL_BYTES);
    const wrapped = await this.kms.wrap(material, context(id, version));
    material.fill(0);
    return {
      version,
      state: 'enabled',
      createdAt: this.now().toISOString(),
      wrapped: wrapped.toString('base64'),
    };
  }

  private async require(id: string): Promise<StoredKey> {
    const key = await this.store.get(id);
    if (!key) throw keyNotFound(id);
    return key;
  }

  private requireVersion(key: StoredKey, version: number): StoredKeyVersion {
    const v = key.versions.find((x) => x.version === version);
    if (!v) throw keyVersionUnusable(key.id, version, 'unknown');
    return v;
  }
}

function context(id: string, version: number): string {
  return `veil-key:${id}:v${version}`;
}
