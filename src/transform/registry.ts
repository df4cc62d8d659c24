import { UsageError } from '../core/errors.js';
import type { Keyring, UnlockedKey } from '../crypto/keyring.js';
import type { SubjectKeyStore } from '../crypto/subject-keys.js';
import type { TokenVault } from '../crypto/vault.js';
import { operatorConfig, type OperatorConfig } from './config.js';
import { bucket, generalize } from './grouping.js';
import { encrypt, encryptDeterministic, fpe, pseudonymize, tokenize } from './keyed.js';
import type { Operator } from './operator.js';
import { hash, keep, mask, redact, replace, suppress } from './simple.js';
import { dateShift, timePart } from './temporal.js';

/** The names policies use to reference operators. */
export const operatorNames = [
  'redact',
  'replace',
  'mask',
  'hash',
  'pseudonymize',
  'encrypt_deterministic',
  'encrypt',
  'fpe_ff1',
  'fpe_ff3_1',
  'tokenize',
  'date_shift',
  'time_part',
  'bucket',
  'generalize',
  'suppress',
  'keep',
] as const satisfies readonly OperatorConfig['op'][];

export type OperatorName = (typeof operatorNames)[number];

/** What keyed operators need: the keyring, and stores for the operators that keep state. */
export interface OperatorDeps {
  keyring?: Keyring;
  vault?: TokenVault;
  subjectKeys?: SubjectKeyStore;
}

/** Validates a config (UsageError naming the bad field) and returns its parsed form. */
export function parseOperatorConfig(config: unknown, where = 'operator'): OperatorConfig {
  const parsed = operatorConfig.safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? `${where}.${issue.path.join('.')}` : where;
  throw new UsageError(`invalid operator configuration: ${issue?.message ?? 'unknown problem'}`, {
    where: path,
    code: 'OPERATOR_CONFIG_INVALID',
    hint: `operators: ${operatorNames.join(', ')}; see docs/operators.md`,
  });
}

export async function compileOperator(config: unknown, deps: OperatorDeps = {}): Promise<Operator> {
  const c = parseOperatorConfig(config);
  switch (c.op) {
    case 'redact':
      return redact();
    case 'replace':
      return replace(c);
    case 'mask':
      return mask(c);
    case 'hash':
      return hash(c);
    case 'suppress':
      return suppress();
    case 'keep':
      return keep();
    case 'time_part':
      return timePart(c);
    case 'bucket':
      return bucket(c);
    case 'generalize':
      return generalize(c);
    case 'pseudonymize':
      return pseudonymize(c, await unlock(deps, c.key));
    case 'encrypt_deterministic':
      return encryptDeterministic(c, await unlock(deps, c.key));
    case 'encrypt':
      return encrypt(c, await unlock(deps, c.key), deps.subjectKeys);
    case 'fpe_ff1':
    case 'fpe_ff3_1':
      return fpe(c, await unlock(deps, c.key));
    case 'tokenize':
      return tokenize(c, await unlock(deps, c.key), deps.vault);
    case 'date_shift':
      return dateShift(c, await unlock(deps, c.key));
  }
}

export async function unlock(deps: OperatorDeps, keyId: string): Promise<UnlockedKey> {
  if (!deps.keyring) {
    throw new UsageError(`operator needs key "${keyId}" but no keyring is open`, {
      code: 'KEYRING_MISSING',
      hint: 'create one with `veil keys init` and set VEIL_MASTER_KEY',
    });
  }
  return deps.keyring.unlock(keyId);
}
