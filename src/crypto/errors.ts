import { InputError, UsageError } from '../core/errors.js';

/**
 * The specific, value-free errors of the crypto room. Each has a stable code so callers (CLI, API,
 * reveal) can tell a tampered ciphertext from a destroyed key or an erased subject.
 */
export function keyNotFound(id: string): UsageError {
  return new UsageError(`no key named "${id}" in the keyring`, {
    code: 'KEY_NOT_FOUND',
    hint: 'create it with `veil keys init --key NAME` or list keys with `veil keys list`',
  });
}

export function keyVersionUnusable(id: string, version: number, state: string): InputError {
  const code =
    state === 'destroyed' ? 'KEY_DESTROYED' : state === 'disabled' ? 'KEY_DISABLED' : 'KEY_VERSION_UNKNOWN';
  const hints: Record<string, string> = {
    KEY_DESTROYED: 'data under a destroyed key version cannot be decrypted by anyone',
    KEY_DISABLED: 'enable the version again to decrypt (`veil keys enable`)',
    KEY_VERSION_UNKNOWN: 'the value was produced under another keyring',
  };
  return new InputError(
    `key "${id}" version ${version} is ${state === 'unknown' ? 'not in this keyring' : state}`,
    {
      code,
      hint: hints[code]!,
    },
  );
}

export function invalidCiphertext(what: string, where?: string): InputError {
  return new InputError(`${what}: not a valid ciphertext (tampered, truncated, or made under another key)`, {
    code: 'CIPHERTEXT_INVALID',
    ...(where ? { where } : {}),
    hint: 'check that the value is unmodified and that the right keyring and key are used',
  });
}

export function subjectErased(where?: string): InputError {
  return new InputError('value belongs to an erased subject: its key was shredded', {
    code: 'SUBJECT_ERASED',
    ...(where ? { where } : {}),
    hint: 'crypto-shredding is permanent; the value cannot be recovered',
  });
}
