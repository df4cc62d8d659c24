import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UsageError } from '../core/errors.js';

/**
 * A key-encryption service: wraps key material at rest. The local implementation is real AES-256-GCM
 * under a 32-byte master key; a cloud KMS implements the same two calls. `context` is bound as
 * associated data, so wrapped material cannot be moved to another key id or version.
 */
export interface Kms {
  readonly name: string;
  wrap(plaintext: Uint8Array, context: string): Promise<Buffer>;
  unwrap(wrapped: Uint8Array, context: string): Promise<Buffer>;
}

const FORMAT = 1;

export class LocalKms implements Kms {
  readonly name = 'local';
  private readonly masterKey: Buffer;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== 32)
      throw new UsageError('the master key must be 32 bytes', { code: 'MASTER_KEY_INVALID' });
    this.masterKey = Buffer.from(masterKey);
  }

  /** Parses VEIL_MASTER_KEY (base64 of 32 bytes); the value itself never enters a message. */
  static fromBase64(encoded: string | undefined): LocalKms {
    if (!encoded) {
      throw new UsageError('VEIL_MASTER_KEY is not set', {
        code: 'MASTER_KEY_MISSING',
        hint: 'export VEIL_MASTER_KEY=$(head -c 32 /dev/urandom | base64)',
      });
    }
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length !== 32 || bytes.toString('base64') !== encoded.trim()) {
      throw new UsageError('VEIL_MASTER_KEY must be the base64 encoding of exactly 32 bytes', {
        code: 'MASTER_KEY_INVALID',
        hint: 'generate one with: head -c 32 /dev/urandom | base64',
      });
    }
    return new LocalKms(bytes);
  }

  async wrap(plaintext: Uint8Array, context: string): Promise<Buffer> {
    return wrapSync(this.masterKey, plaintext, context);
  }

  async unwrap(wrapped: Uint8Array, context: string): Promise<Buffer> {
    const plain = unwrapSync(this.masterKey, wrapped, context);
    if (!plain) {
      throw new UsageError('cannot unwrap key material with this master key', {
        code: 'MASTER_KEY_WRONG',
        hint: 'VEIL_MASTER_KEY differs from the one the keyring was created with',
      });
    }
    return plain;
  }
}

/** AES-256-GCM seal: format byte | 12-byte IV | ciphertext | 16-byte tag; `context` is the AAD. */
export function wrapSync(kek: Uint8Array, plaintext: Uint8Array, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, body, cipher.getAuthTag()]);
}

/** The inverse of wrapSync, or undefined when authentication fails. */
export function unwrapSync(kek: Uint8Array, wrapped: Uint8Array, context: string): Buffer | undefined {
  if (wrapped.length < 29 || wrapped[0] !== FORMAT) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(1, 13));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(13, wrapped.length - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}
