import { randomBytes } from 'node:crypto';
import { Keyring, MemoryKeyStore } from '../../src/crypto/keyring.js';
import { LocalKms } from '../../src/crypto/kms.js';

/** A fresh in-memory keyring with the given keys created. */
export async function keyringWith(...ids: string[]): Promise<Keyring> {
  const keyring = new Keyring(new MemoryKeyStore(), new LocalKms(randomBytes(32)));
  for (const id of ids) await keyring.create(id);
  return keyring;
}

/** Random printable text (ASCII and some non-ASCII), length 1..maxLength. */
export function randomText(maxLength = 40): string {
  const pool = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_@.éüß名字😀';
  const chars = Array.from(pool);
  const bytes = randomBytes(maxLength + 1);
  const length = 1 + (bytes[0]! % maxLength);
  let s = '';
  for (let i = 1; i <= length; i++) s += chars[bytes[i]! % chars.length]!;
  return s;
}
