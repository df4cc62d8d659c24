import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes a CSV with a header from rows of plain values. */
export function writeCsv(
  dir: string,
  name: string,
  header: string[],
  rows: Array<Array<string | number>>,
): string {
  const path = join(dir, name);
  writeFileSync(path, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return path;
}

/**
 * 2,000 subjects with 1–3 visits each in one of 5 cities (city depends on the subject), amounts
 * 0..99 from a fixed pattern; plus one "whale" subject with 5,000 rows spread over 40 rare cities,
 * all at extreme amounts.
 */
export function visitsRows(withWhale: boolean): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [];
  const cities = ['Lyon', 'Oslo', 'Pune', 'Lima', 'Kyiv'];
  for (let s = 0; s < 2000; s++) {
    const visits = 1 + (s % 3);
    for (let v = 0; v < visits; v++) rows.push([`u${s}`, cities[s % 5]!, (s * 7 + v * 13) % 100]);
  }
  if (withWhale) for (let i = 0; i < 5000; i++) rows.push(['whale', `Rare${i % 40}`, 1_000_000]);
  return rows;
}
