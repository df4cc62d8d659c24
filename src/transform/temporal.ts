import { InputError } from '../core/errors.js';
import type { UnlockedKey } from '../crypto/keyring.js';
import { HmacSha256 } from '../crypto/sha256-midstate.js';
import type { ConfigOf } from './config.js';
import { asText, fieldText, valueOperator, type Operator } from './operator.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A value as an instant, remembering whether it was a date-only string so output keeps the form. */
function parseTemporal(value: unknown, op: string): { time: number; form: 'date' | 'text' | 'Date' } {
  if (value instanceof Date) return { time: value.getTime(), form: 'Date' };
  const text = asText(value).trim();
  const time = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(time)) {
    throw new InputError(`${op}: a value is not a date or timestamp`, {
      code: 'VALUE_NOT_A_DATE',
      hint: 'use ISO 8601 dates (2024-03-01) or timestamps',
    });
  }
  return { time, form: DATE_ONLY.test(text) ? 'date' : 'text' };
}

/**
 * Shifts dates by a whole number of days in [-max_days, -1] ∪ [1, max_days], the same for every
 * value of one subject (HMAC of the subject id under the key), so intervals within a subject survive.
 */
export function dateShift(c: ConfigOf<'date_shift'>, key: UnlockedKey): Operator {
  const version = c.version ?? key.primary;
  const hmac = new HmacSha256(key.subkey(version, 'date-shift'));
  const cache = new Map<string, number>();
  const shiftFor = (subject: string): number => {
    let days = cache.get(subject);
    if (days === undefined) {
      const d = hmac.mac(Buffer.from(subject, 'utf8'));
      const wide = Buffer.from(d).readUIntBE(0, 6); // 48 bits: modulo bias below 2^-35
      days = (1 + (wide % c.max_days)) * (d[6]! & 1 ? 1 : -1);
      if (cache.size > 1 << 16) cache.clear();
      cache.set(subject, days);
    }
    return days;
  };
  return valueOperator('date_shift', (v, row) => {
    const subject = c.subject_field ? (fieldText(row, c.subject_field) ?? '') : '';
    const { time, form } = parseTemporal(v, 'date_shift');
    const shifted = new Date(time + shiftFor(subject) * DAY_MS);
    if (form === 'Date') return shifted;
    return form === 'date' ? shifted.toISOString().slice(0, 10) : shifted.toISOString();
  });
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Keeps one part of a date or timestamp (UTC). */
export function timePart(c: ConfigOf<'time_part'>): Operator {
  return valueOperator('time_part', (v) => {
    const d = new Date(parseTemporal(v, 'time_part').time);
    const iso = d.toISOString();
    switch (c.part) {
      case 'year':
        return d.getUTCFullYear();
      case 'quarter':
        return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
      case 'month':
        return d.getUTCMonth() + 1;
      case 'year_month':
        return iso.slice(0, 7);
      case 'date':
        return iso.slice(0, 10);
      case 'weekday':
        return WEEKDAYS[d.getUTCDay()]!;
      case 'hour':
        return d.getUTCHours();
      case 'minute':
        return d.getUTCMinutes();
    }
  });
}
