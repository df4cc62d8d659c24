/**
 * Shared timing for the crypto benches: candidate and baseline alternate, several repetitions,
 * median throughput of each and their ratio. Not a test: figures depend on the machine and its load.
 */
export interface Measured {
  name: string;
  perSecond: number;
}

export function measure(name: string, items: number, body: () => void): Measured {
  const start = process.hrtime.bigint();
  body();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, perSecond: items / seconds };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs candidate and baseline alternately `reps` times and prints medians and the ratio. */
export function compare(
  title: string,
  items: number,
  candidate: { name: string; run: () => void },
  baseline: { name: string; run: () => void },
  reps = 7,
): { candidate: number; baseline: number; ratio: number } {
  candidate.run();
  baseline.run();
  const c: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < reps; i++) {
    c.push(measure(candidate.name, items, candidate.run).perSecond);
    b.push(measure(baseline.name, items, baseline.run).perSecond);
  }
  const result = { candidate: median(c), baseline: median(b), ratio: median(c) / median(b) };
  const fmt = (x: number): string =>
    x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(1)} k/s`;
  console.log(`${title}`);
  console.log(`  candidate ${candidate.name}: ${fmt(result.candidate)}  (median of ${reps})`);
  console.log(`  baseline  ${baseline.name}: ${fmt(result.baseline)}`);
  console.log(`  ratio ${result.ratio.toFixed(2)}x`);
  return result;
}
