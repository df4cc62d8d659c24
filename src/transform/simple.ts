import { createHash } from 'node:crypto';
import type { ConfigOf } from './config.js';
import { asText, valueOperator, type Operator } from './operator.js';

/** Operators that need no key: redact, replace, mask, hash, suppress, keep. */
export function redact(): Operator {
  return valueOperator('redact', () => '');
}

export function replace(c: ConfigOf<'replace'>): Operator {
  const text = c.value ?? `<${c.entity_type ?? 'REDACTED'}>`;
  return valueOperator('replace', () => text);
}

export function suppress(): Operator {
  return valueOperator('suppress', () => null);
}

export function keep(): Operator {
  const op = valueOperator('keep', (v) => v);
  return { ...op, reversible: true };
}

export function hash(c: ConfigOf<'hash'>): Operator {
  const salt = Buffer.from(c.salt, 'utf8');
  return valueOperator('hash', (v) =>
    createHash(c.algorithm).update(salt).update(asText(v), 'utf8').digest(c.encoding),
  );
}

export function mask(c: ConfigOf<'mask'>): Operator {
  const skip = new Set(Array.from(c.skip));
  return valueOperator('mask', (v) => maskText(asText(v), c, skip));
}

/** Masks maskable characters (not in `skip`) outside keep_first/keep_last, up to `count`, from either end. */
export function maskText(text: string, c: ConfigOf<'mask'>, skip: ReadonlySet<string>): string {
  const chars = Array.from(text);
  const maskable = chars.map((ch, i) => (skip.has(ch) ? -1 : i)).filter((i) => i >= 0);
  const eligible = maskable.slice(c.keep_first, Math.max(c.keep_first, maskable.length - c.keep_last));
  const ordered = c.from_end ? eligible.reverse() : eligible;
  const limit = c.count ?? ordered.length;
  for (const i of ordered.slice(0, limit)) chars[i] = c.char;
  return chars.join('');
}
