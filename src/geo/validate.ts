/**
 * Reasons a trace record cannot be used. They name the field and the rule, never the value, so
 * they are safe to print and to write into quarantine files.
 */
export function coordinateProblem(lat: number, lng: number): string | undefined {
  if (!Number.isFinite(lat)) return 'latitude is missing or not a number';
  if (!Number.isFinite(lng)) return 'longitude is missing or not a number';
  if (lat < -90 || lat > 90) return 'latitude outside [-90, 90]';
  if (lng < -180 || lng > 180) return 'longitude outside [-180, 180]';
  return undefined;
}

const NAIVE_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

/**
 * Epoch milliseconds from a timestamp value: epoch seconds or milliseconds (numbers; values below
 * 1e11 are read as seconds), Date, ISO 8601 strings, or `YYYY-MM-DD HH:MM[:SS]` read as UTC wall
 * clock. NaN when the value is missing or unreadable.
 */
export function parseTimestamp(value: unknown): number {
  if (value === null || value === undefined || value === '') return Number.NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Math.abs(value) < 1e11 ? value * 1000 : value;
  if (typeof value === 'bigint') return parseTimestamp(Number(value));
  if (typeof value === 'object' && 'micros' in value && typeof value.micros === 'bigint') {
    return Number(value.micros / 1000n); // DuckDB TIMESTAMP values
  }
  const text = String(value).trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseTimestamp(Number(text));
  const naive = NAIVE_DATE_TIME.exec(text);
  if (naive) {
    const [, y, mo, d, h, mi, s, frac] = naive;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
    return ms + (frac ? Math.round(Number(frac) * 1000) : 0);
  }
  return Date.parse(text);
}

export function timestampProblem(ms: number): string | undefined {
  return Number.isFinite(ms) ? undefined : 'timestamp is missing or unreadable';
}
