import { DURATION } from './schema.js';

const DAYS_PER_UNIT: Record<string, number> = { d: 1, w: 7, y: 365 };

/** Days in a duration already validated by the schema (`30d`, `12w`, `2y`). */
export function durationDays(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new RangeError('not a duration');
  return Number(m[1]) * (DAYS_PER_UNIT[m[2] ?? 'd'] ?? 1);
}
