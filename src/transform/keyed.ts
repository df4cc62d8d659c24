import { createHash } from 'node:crypto';
import { InputError, UsageError } from '../core/errors.js';
import { DeterministicCipher, EnvelopeCipher, SubjectCipher } from '../crypto/aead.js';
import { Alphabet, NAMED_ALPHABETS } from '../crypto/alphabet.js';
import { FF1 } from '../crypto/ff1.js';
import { FF3 } from '../crypto/ff3.js';
import type { UnlockedKey } from '../crypto/keyring.js';
import type { Digits } from '../crypto/numeral.js';
import { Pseudonymizer } from '../crypto/pseudonym.js';
import { SubjectKeys, type SubjectKeyStore } from '../crypto/subject-keys.js';
import { Tokenizer, type TokenVault } from '../crypto/vault.js';
import type { ConfigOf } from './config.js';
import { asText, fieldText, valueOperator, type Operator, type Row } from './operator.js';

/** Operators under a named key: pseudonymize, encrypt_deterministic, encrypt, fpe_*, tokenize. */
export function pseudonymize(c: ConfigOf<'pseudonymize'>, key: UnlockedKey): Operator {
  const version = c.version ?? key.primary;
  const subkey = key.subkey(version, `pseudonym:${c.domain}`);
  const p = new Pseudonymizer(subkey, c.encoding, c.bytes, c.tagged ? `${key.id}v${version}_` : '');
  const op = valueOperator('pseudonymize', (v) => p.pseudonym(asText(v)));
  // The batch path hashes four short values at a time.
  return { ...op, applyBatch: presentTexts((texts) => p.pseudonymMany(texts)) };
}

/**
 * A batch function over the non-null values only, as texts, with nulls kept in place: the batch
 * operators run once per 2048-value vector, so this loop is on every keyed operator's hot path.
 */
function presentTexts(
  apply: (texts: string[]) => readonly unknown[],
): (values: readonly unknown[]) => unknown[] {
  return (values) => {
    const out = new Array<unknown>(values.length).fill(null);
    const at: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      at.push(i);
      texts.push(typeof v === 'string' ? v : asText(v));
    }
    const results = apply(texts);
    for (let k = 0; k < at.length; k++) out[at[k]!] = results[k];
    return out;
  };
}

export function encryptDeterministic(c: ConfigOf<'encrypt_deterministic'>, key: UnlockedKey): Operator {
  const cipher = new DeterministicCipher(key, c.context, c.version ?? key.primary);
  const op = valueOperator(
    'encrypt_deterministic',
    (v) => cipher.encrypt(Buffer.from(asText(v), 'utf8')),
    true,
  );
  const applyBatch = presentTexts((texts) => cipher.encryptMany(texts.map((t) => Buffer.from(t, 'utf8'))));
  return { ...op, applyBatch };
}

export function encrypt(c: ConfigOf<'encrypt'>, key: UnlockedKey, subjectStore?: SubjectKeyStore): Operator {
  if (!c.subject_field) {
    const cipher = new EnvelopeCipher(key, c.version ?? key.primary);
    const op = valueOperator('encrypt', (v) => cipher.encrypt(Buffer.from(asText(v), 'utf8')), true);
    return { ...op, applyBatch: presentTexts((texts) => cipher.encryptTexts(texts)) };
  }
  if (!subjectStore) throw new UsageError('encrypt with subject_field needs a subject-key store');
  const field = c.subject_field;
  const cipher = new SubjectCipher(new SubjectKeys(key, subjectStore), c.version ?? key.primary);
  const op = valueOperator(
    'encrypt',
    (v, row) => cipher.encrypt(Buffer.from(asText(v), 'utf8'), requireSubject(row, field)),
    true,
  );
  return {
    ...op,
    prepare: async (values, rows) => {
      const refs = values.flatMap((v, i) => {
        if (v === null || v === undefined) return [];
        const subject = requireSubject(rows?.[i], field);
        return [{ ref: cipher.subjects.ref(subject, cipher.encryptVersion), version: cipher.encryptVersion }];
      });
      await cipher.subjects.prepare(refs, { create: true });
    },
  };
}

function requireSubject(row: Row | undefined, field: string): string {
  const subject = fieldText(row, field);
  if (subject === undefined || subject === '') {
    throw new InputError(`encrypt: a row has no subject id in field "${field}"`, {
      code: 'SUBJECT_MISSING',
      where: `field ${field}`,
      hint: 'every encrypted value needs its subject id for per-subject keys',
    });
  }
  return subject;
}

/** Resolves a named alphabet or takes the characters literally. */
export function resolveAlphabet(spec: string): Alphabet {
  const named = (NAMED_ALPHABETS as Record<string, string>)[spec];
  try {
    return new Alphabet(named ?? spec);
  } catch (err) {
    throw new UsageError(`invalid FPE alphabet: ${(err as Error).message}`, { code: 'ALPHABET_INVALID' });
  }
}

interface FpeEngine {
  minLength: number;
  run(xs: Digits[], tweaks: Uint8Array[], forward: boolean): Digits[];
}

/**
 * Format-preserving encryption: characters of the alphabet are encrypted in place, all others
 * (dashes, spaces) stay where they are. A batch goes through FF1/FF3-1 together.
 */
export function fpe(
  c: ConfigOf<'fpe_ff1'> | ConfigOf<'fpe_ff3_1'>,
  key: UnlockedKey,
  forward = true,
  version = c.version ?? key.primary,
): Operator {
  const alphabet = resolveAlphabet(c.alphabet);
  const engine = fpeEngine(c.op, key.subkey(version, `fpe:${c.op}`), alphabet.radix);
  const tweakLength = c.op === 'fpe_ff1' ? 8 : 7;
  const fixed =
    c.tweak !== undefined ? Buffer.from(c.tweak, 'hex') : Buffer.alloc(c.op === 'fpe_ff1' ? 0 : 7);
  if (c.op === 'fpe_ff3_1' && c.tweak !== undefined && fixed.length !== 7) {
    throw new UsageError('fpe_ff3_1 tweak must be 7 bytes (14 hex digits)', { code: 'TWEAK_INVALID' });
  }
  const tweakOf = (row: Row | undefined): Uint8Array => {
    if (!c.tweak_field) return fixed;
    const t = fieldText(row, c.tweak_field) ?? '';
    return createHash('sha256').update(t, 'utf8').digest().subarray(0, tweakLength);
  };
  const applyBatch = (values: readonly unknown[], rows?: readonly (Row | undefined)[]): unknown[] => {
    const texts: string[][] = [];
    const positions: number[][] = [];
    const xs: Digits[] = [];
    const tweaks: Uint8Array[] = [];
    const slots: number[] = [];
    values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      const chars = Array.from(asText(v));
      const at: number[] = [];
      const digits: Digits = [];
      chars.forEach((ch, j) => {
        const d = alphabet.toDigits(ch);
        if (d) {
          at.push(j);
          digits.push(d[0]!);
        }
      });
      if (digits.length < engine.minLength) {
        throw new InputError(
          `${c.op}: a value has fewer than ${engine.minLength} characters of the alphabet`,
          {
            code: 'VALUE_TOO_SHORT',
            where: `value ${i + 1} of the batch`,
            hint: 'FPE needs at least radix^length >= 1,000,000; choose another operator for short values',
          },
        );
      }
      texts.push(chars);
      positions.push(at);
      xs.push(digits);
      tweaks.push(tweakOf(rows?.[i]));
      slots.push(i);
    });
    const out: unknown[] = values.map(() => null);
    const results = runFpe(engine, xs, tweaks, forward, c.op);
    results.forEach((digits, k) => {
      const chars = texts[k]!;
      positions[k]!.forEach((pos, j) => (chars[pos] = alphabet.toText([digits[j]!])));
      out[slots[k]!] = chars.join('');
    });
    return out;
  };
  return {
    name: c.op,
    reversible: true,
    apply: (value, row) => applyBatch([value], [row])[0],
    applyBatch,
  };
}

function runFpe(
  engine: FpeEngine,
  xs: Digits[],
  tweaks: Uint8Array[],
  forward: boolean,
  op: string,
): Digits[] {
  try {
    return engine.run(xs, tweaks, forward);
  } catch (err) {
    if (err instanceof RangeError) {
      throw new InputError(`${op}: a value does not fit the cipher: ${err.message}`, {
        code: 'VALUE_OUT_OF_RANGE',
      });
    }
    throw err;
  }
}

function fpeEngine(op: 'fpe_ff1' | 'fpe_ff3_1', key: Buffer, radix: number): FpeEngine {
  if (op === 'fpe_ff1') {
    const ff1 = new FF1(key, radix);
    return {
      minLength: ff1.minLength,
      run: (xs, tweaks, forward) => (forward ? ff1.encryptMany(xs, tweaks) : ff1.decryptMany(xs, tweaks)),
    };
  }
  const ff3 = new FF3(key, radix, 'ff3-1');
  return {
    minLength: ff3.minLength,
    run: (xs, tweaks, forward) =>
      xs.map((x, i) => (forward ? ff3.encrypt(x, tweaks[i]!) : ff3.decrypt(x, tweaks[i]!))),
  };
}

export function tokenize(c: ConfigOf<'tokenize'>, key: UnlockedKey, vault?: TokenVault): Operator {
  if (!vault) throw new UsageError('tokenize needs a token vault');
  const tokenizer = new Tokenizer(key, vault, c.version ?? key.primary);
  const op = valueOperator('tokenize', (v) => tokenizer.token(asText(v)), true);
  return {
    ...op,
    prepare: async (values) => {
      await tokenizer.prepare(values.filter((v) => v !== null && v !== undefined).map(asText));
    },
  };
}
