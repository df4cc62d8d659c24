import { UsageError, VeilError } from '../core/errors.js';
import { DeterministicCipher, EnvelopeCipher, SubjectCipher } from '../crypto/aead.js';
import type { AuditSink } from '../crypto/audit.js';
import { invalidCiphertext } from '../crypto/errors.js';
import type { UnlockedKey } from '../crypto/keyring.js';
import { SubjectKeys } from '../crypto/subject-keys.js';
import { parseToken, Tokenizer } from '../crypto/vault.js';
import type { OperatorConfig } from './config.js';
import { fpe } from './keyed.js';
import { asText, type Row } from './operator.js';
import { parseOperatorConfig, unlock, type OperatorDeps } from './registry.js';

export interface RevealOptions {
  /** Who asks (user, API key, service); recorded in the audit, required. */
  actor: string;
  audit: AuditSink;
  purpose?: string;
  /** Values of erased subjects: fail the call (default) or come back as null and are counted. */
  onErased?: 'error' | 'null';
}

export interface RevealResult {
  values: (string | null)[];
  count: number;
  erased: number;
}

/**
 * Decrypts or de-tokenizes values produced by a reversible operator. A separate, explicit call:
 * it needs the key, an actor and an audit sink, and records who revealed how many values under
 * which key and versions — never the values — whether it succeeds or fails.
 */
export async function reveal(
  config: unknown,
  values: readonly unknown[],
  deps: OperatorDeps,
  options: RevealOptions,
  rows?: readonly (Row | undefined)[],
): Promise<RevealResult> {
  if (!options.actor.trim())
    throw new UsageError('reveal needs an actor for the audit record', { code: 'ACTOR_MISSING' });
  const c = parseOperatorConfig(config);
  if (!('key' in c) || c.op === 'pseudonymize' || c.op === 'date_shift') {
    throw new UsageError(`operator ${c.op} is not reversible`, { code: 'NOT_REVERSIBLE' });
  }
  const key = await unlock(deps, c.key);
  const versions = new Set<number>();
  let erased = 0;
  let failed = 0;
  let revealed: (string | null)[] = [];
  try {
    const decode = await decoder(c, key, deps, values, rows, versions);
    revealed = values.map((v, i) => {
      if (v === null || v === undefined) return null;
      try {
        return decode(asText(v), i);
      } catch (err) {
        if (err instanceof VeilError && err.code === 'SUBJECT_ERASED' && options.onErased === 'null') {
          erased++;
          return null;
        }
        failed++;
        throw err;
      }
    });
    return { values: revealed, count: revealed.length - erased, erased };
  } finally {
    await options.audit.record({
      at: new Date().toISOString(),
      actor: options.actor,
      action: c.op === 'tokenize' ? 'detokenize' : 'decrypt',
      operator: c.op,
      keyId: key.id,
      versions: [...versions].sort((a, b) => a - b),
      count: revealed.filter((v) => v !== null).length,
      erased,
      failed,
      ...(options.purpose ? { purpose: options.purpose } : {}),
    });
  }
}

type Decode = (text: string, index: number) => string;

async function decoder(
  c: Exclude<OperatorConfig, { op: 'pseudonymize' | 'date_shift' }> & { key: string },
  key: UnlockedKey,
  deps: OperatorDeps,
  values: readonly unknown[],
  rows: readonly (Row | undefined)[] | undefined,
  versions: Set<number>,
): Promise<Decode> {
  const texts = values.filter((v) => v !== null && v !== undefined).map(asText);
  const noteVersion = (text: string): void => {
    const m = /^(?:v[des]1\.[^.]+\.|tok_.*v)(\d+)[._]/.exec(text);
    if (m) versions.add(Number(m[1]));
  };
  switch (c.op) {
    case 'encrypt_deterministic': {
      const cipher = new DeterministicCipher(key, c.context);
      return (t) => (noteVersion(t), cipher.decrypt(t).toString('utf8'));
    }
    case 'encrypt': {
      if (!c.subject_field) {
        const cipher = new EnvelopeCipher(key);
        return (t) => (noteVersion(t), cipher.decrypt(t).toString('utf8'));
      }
      if (!deps.subjectKeys) throw new UsageError('revealing per-subject values needs the subject-key store');
      const cipher = new SubjectCipher(new SubjectKeys(key, deps.subjectKeys));
      const refs = texts.flatMap((t) => SubjectCipher.refOf(t) ?? []);
      await cipher.subjects.prepare(refs, { create: false });
      return (t) => (noteVersion(t), cipher.decrypt(t).toString('utf8'));
    }
    case 'fpe_ff1':
    case 'fpe_ff3_1': {
      const version = c.version ?? key.primary;
      versions.add(version);
      const op = fpe(c, key, false, version);
      const plain = op.applyBatch(values, rows);
      return (_t, i) => plain[i] as string;
    }
    case 'tokenize': {
      if (!deps.vault) throw new UsageError('de-tokenizing needs the token vault');
      const tokenizer = new Tokenizer(key, deps.vault);
      await tokenizer.prepareReveal(texts);
      return (t) => {
        const parsed = parseToken(t);
        if (!parsed) throw invalidCiphertext('a token');
        versions.add(parsed.version);
        key.material(parsed.version);
        return tokenizer.detokenize(t).toString('utf8');
      };
    }
    default:
      throw new UsageError(`operator ${c.op} is not reversible`, { code: 'NOT_REVERSIBLE' });
  }
}
