/** Time coarsening for timestamps that travel with locations: floor to a UTC-aligned bucket. */
export const TIME_UNITS_MS = {
  minute: 60_000,
  '5min': 300_000,
  '15min': 900_000,
  hour: 3_600_000,
  '6h': 21_600_000,
  day: 86_400_000,
  week: 604_800_000,
} as const;

export type TimeUnit = keyof typeof TIME_UNITS_MS;

/** Start of the bucket of `bucketMs` containing `ms` (epoch milliseconds). Weeks start on Monday. */
export function coarsenTime(ms: number, bucketMs: number): number {
  const mondayShift = bucketMs === TIME_UNITS_MS.week ? 3 * TIME_UNITS_MS.day : 0; // 1970-01-01 was a Thursday
  return Math.floor((ms + mondayShift) / bucketMs) * bucketMs - mondayShift;
}
