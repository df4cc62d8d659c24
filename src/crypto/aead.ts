import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { invalidCiphertext, subjectErased } from './errors.js';
import { GcmBatch, packBytes, packTexts, type PackedValues } from './gcm-batch.js';
import type { UnlockedKey } from './keyring.js';
import { unwrapSync, wrapSync } from './kms.js';
import { RandomPool } from './random-pool.js';
import { AesSiv, SivAuthenticationError } from './siv.js';
import { SivBatch } from './siv-batch.js';
import type { SubjectKeys } from './subject-keys.js';

/**
 * Text formats of Veil ciphertexts. Every one starts with a format tag, the key id and the key
 * version, and that header is authenticated as associated data, so rotation never breaks old
 * values and a header cannot be edited to point at another key.
 *   vd1.<key>.<ver>.<siv>                    deterministic (AES-SIV)
 *   ve1.<key>.<ver>.<wrapped-dek>.<iv|ct|tag> randomized envelope (AES-256-GCM)
 *   vs1.<key>.<ver>.<subject-ref>.<iv|ct|tag> per-subject key (AES-256-GCM)
 */
export interface ParsedCiphertext {
  format: 'vd1' | 've1' | 'vs1';
  keyId: string;
  version: number;
  header: string;
  parts: string[];
}

const HEADER = /^(vd1|ve1|vs1)\.([a-z][a-z0-9_-]{0,31})\.([1-9][0-9]{0,8})\.(.+)$/;

export function parseCiphertext(text: string): ParsedCiphertext | undefined {
  const m = HEADER.exec(text);
  if (!m) return undefined;
  const format = m[1] as ParsedCiphertext['format'];
  return {
    format,
    keyId: m[2]!,
    version: Number(m[3]),
    header: `${format}.${m[2]}.${m[3]}`,
    parts: m[4]!.split('.'),
  };
}

function parseFor(
  text: string,
  format: ParsedCiphertext['format'],
  keyId: string,
  parts: number,
): ParsedCiphertext {
  const parsed = parseCiphertext(text);
  if (!parsed || parsed.format !== format || parsed.parts.length !== parts)
    throw invalidCiphertext(`a ${format} value`);
  if (parsed.keyId !== keyId) throw invalidCiphertext(`a value under key "${parsed.keyId}", not "${keyId}",`);
  return parsed;
}

/** AES-SIV under a purpose subkey; `context` is extra associated data (e.g. a column or dataset). */
export class DeterministicCipher {
  private readonly sivs = new Map<number, AesSiv>();
  private batch: SivBatch | undefined;

  constructor(
    private readonly key: UnlockedKey,
    private readonly context: string = '',
    private readonly version = key.primary,
  ) {}

  encrypt(plaintext: Uint8Array): string {
    const header = `vd1.${this.key.id}.${this.version}`;
    const ct = this.siv(this.version).encrypt(plaintext, [Buffer.from(header), Buffer.from(this.context)]);
    return `${header}.${ct.toString('base64url')}`;
  }

  /** encrypt() for a batch: same output, a few AES calls for the whole batch (SivBatch). */
  encryptMany(plaintexts: readonly Uint8Array[]): string[] {
    const header = `vd1.${this.key.id}.${this.version}`;
    this.batch ??= new SivBatch(this.key.subkey(this.version, 'aes-siv', 64));
    const cts = this.batch.encryptMany(plaintexts, [Buffer.from(header), Buffer.from(this.context)]);
    return cts.map((ct) => `${header}.${ct.toString('base64url')}`);
  }

  decrypt(text: string): Buffer {
    const p = parseFor(text, 'vd1', this.key.id, 1);
    const siv = this.siv(p.version);
    try {
      return siv.decrypt(Buffer.from(p.parts[0]!, 'base64url'), [
        Buffer.from(p.header),
        Buffer.from(this.context),
      ]);
    } catch (err) {
      if (err instanceof SivAuthenticationError) throw invalidCiphertext('deterministic value');
      throw err;
    }
  }

  private siv(version: number): AesSiv {
    let siv = this.sivs.get(version);
    if (!siv) {
      siv = new AesSiv(this.key.subkey(version, 'aes-siv', 64));
      this.sivs.set(version, siv);
    }
    return siv;
  }
}

/** Seals iv | ct | tag with AES-256-GCM and the header as AAD. */
function gcmSeal(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([iv, ct, cipher.getAuthTag()]);
}

function gcmOpen(key: Uint8Array, sealed: Buffer, aad: Buffer): Buffer | undefined {
  if (sealed.length < 28) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** Values per data key before a fresh one is drawn (well inside GCM's random-IV bound of 2^32). */
const VALUES_PER_DATA_KEY = 1 << 20;

/**
 * Randomized envelope encryption: a random data key (DEK) encrypts values with AES-256-GCM and is
 * itself wrapped by the key-encryption key (a subkey of the named key version). The wrapped DEK
 * travels in each value, so any value decrypts alone; one DEK serves up to 2^20 values.
 * Encryption is batched (GcmBatch); decryption uses node's GCM per value.
 */
export class EnvelopeCipher {
  private readonly ivs = new RandomPool();
  private gcm: GcmBatch | undefined;
  private wrappedDek = '';
  private used = 0;
  private readonly keks = new Map<number, Buffer>();
  private readonly openedDeks = new Map<string, Buffer>();

  constructor(
    private readonly key: UnlockedKey,
    private readonly version = key.primary,
  ) {}

  encrypt(plaintext: Uint8Array): string {
    return this.encryptMany([plaintext])[0]!;
  }

  /** Encrypts a batch in one pass of batched AES-GCM (GcmBatch) under the current data key. */
  encryptMany(plaintexts: readonly Uint8Array[]): string[] {
    return this.encryptPacked(packBytes(plaintexts));
  }

  /** encryptMany for texts (UTF-8), packed straight into one buffer. */
  encryptTexts(texts: readonly string[]): string[] {
    return this.encryptPacked(packTexts(texts));
  }

  private encryptPacked(values: PackedValues): string[] {
    const n = values.starts.length - 1;
    const header = `ve1.${this.key.id}.${this.version}`;
    if (!this.gcm || this.used + n > VALUES_PER_DATA_KEY) this.newDek(header);
    this.used += n;
    const sealed = this.gcm!.sealPacked(values, this.ivs.take(12 * n), Buffer.from(header));
    const prefix = `${header}.${this.wrappedDek}.`;
    const out = new Array<string>(n);
    const base = values.starts[0]!;
    for (let i = 0; i < n; i++) {
      const from = values.starts[i]! - base + 28 * i;
      const to = values.starts[i + 1]! - base + 28 * (i + 1);
      out[i] = prefix + sealed.toString('base64url', from, to);
    }
    return out;
  }

  decrypt(text: string): Buffer {
    const p = parseFor(text, 've1', this.key.id, 2);
    const kek = this.kek(p.version);
    const dek = this.openDek(kek, p.header, p.parts[0]!);
    const plain = gcmOpen(dek, Buffer.from(p.parts[1]!, 'base64url'), Buffer.from(p.header));
    if (!plain) throw invalidCiphertext('encrypted value');
    return plain;
  }

  private newDek(header: string): void {
    const dek = randomBytes(32);
    this.gcm = new GcmBatch(dek);
    this.wrappedDek = wrapSync(this.kek(this.version), dek, `dek:${header}`).toString('base64url');
    dek.fill(0);
    this.used = 0;
  }

  private openDek(kek: Buffer, header: string, wrapped: string): Buffer {
    const cacheKey = `${header}.${wrapped}`;
    let dek = this.openedDeks.get(cacheKey);
    if (!dek) {
      dek = unwrapSync(kek, Buffer.from(wrapped, 'base64url'), `dek:${header}`);
      if (!dek) throw invalidCiphertext('encrypted value');
      if (this.openedDeks.size > 10_000) this.openedDeks.clear();
      this.openedDeks.set(cacheKey, dek);
    }
    return dek;
  }

  private kek(version: number): Buffer {
    let kek = this.keks.get(version);
    if (!kek) {
      kek = this.key.subkey(version, 'envelope-kek');
      this.keks.set(version, kek);
    }
    return kek;
  }
}

/**
 * Encryption under per-subject data keys. Keys must be prepared for the batch first
 * (SubjectKeys.prepare); after a shred, decrypting gives a SUBJECT_ERASED error.
 */
export class SubjectCipher {
  private readonly ivs = new RandomPool();

  constructor(
    readonly subjects: SubjectKeys,
    private readonly version = subjects.key.primary,
  ) {}

  get encryptVersion(): number {
    return this.version;
  }

  encrypt(plaintext: Uint8Array, subjectId: string): string {
    const ref = this.subjects.ref(subjectId, this.version);
    const found = this.subjects.lookup(ref);
    if (found.state === 'shredded') throw subjectErased();
    if (found.state !== 'active') throw new Error('subject key not prepared');
    const header = `vs1.${this.subjects.key.id}.${this.version}`;
    const sealed = gcmSeal(found.key, this.ivs.take(12), plaintext, Buffer.from(`${header}.${ref}`));
    return `${header}.${ref}.${sealed.toString('base64url')}`;
  }

  /** The ref and version a value needs prepared before decrypt. */
  static refOf(text: string): { ref: string; version: number } | undefined {
    const p = parseCiphertext(text);
    if (!p || p.format !== 'vs1' || p.parts.length !== 2 || !/^[0-9a-f]{32}$/.test(p.parts[0]!))
      return undefined;
    return { ref: p.parts[0]!, version: p.version };
  }

  decrypt(text: string): Buffer {
    const p = parseFor(text, 'vs1', this.subjects.key.id, 2);
    const ref = p.parts[0]!;
    this.subjects.key.material(p.version);
    const found = this.subjects.lookup(ref);
    if (found.state === 'shredded') throw subjectErased();
    if (found.state !== 'active') throw invalidCiphertext('per-subject value (no key for its subject)');
    const plain = gcmOpen(
      found.key,
      Buffer.from(p.parts[1]!, 'base64url'),
      Buffer.from(`${p.header}.${ref}`),
    );
    if (!plain) throw invalidCiphertext('per-subject value');
    return plain;
  }
}
