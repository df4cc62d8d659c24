/**
 * A tiny benchmark harness: runs a candidate and its baseline alternately for several repetitions
 * in the same process run, and reports medians and the candidate/baseline ratio.
 */
export interface Contender {
  name: string;
  run: () => Promise<void> | void;
}

export interface Comparison {
  candidate: string;
  baseline: string;
  candidateMs: number;
  baselineMs: number;
  ratio: number;
}

export async function compare(
  candidate: Contender,
  baseline: Contender,
  repetitions = 5,
): Promise<Comparison> {
  const times: Record<'candidate' | 'baseline', number[]> = { candidate: [], baseline: [] };
  for (let i = 0; i < repetitions; i++) {
    // Alternate the order so neither side always runs on a warmer cache.
    const order: ['candidate' | 'baseline', Contender][] =
      i % 2 === 0
        ? [
            ['baseline', baseline],
            ['candidate', candidate],
          ]
        : [
            ['candidate', candidate],
            ['baseline', baseline],
          ];
    for (const [side, contender] of order) {
      const start = process.hrtime.bigint();
      await contender.run();
      times[side].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const candidateMs = median(times.candidate);
  const baselineMs = median(times.baseline);
  return {
    candidate: candidate.name,
    baseline: baseline.name,
    candidateMs,
    baselineMs,
    ratio: candidateMs / baselineMs,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function printComparison(c: Comparison, extra = ''): void {
  console.log(
    `${c.candidate}: ${c.candidateMs.toFixed(0)} ms | ${c.baseline}: ${c.baselineMs.toFixed(0)} ms | ratio ${c.ratio.toFixed(2)}x${extra ? ` | ${extra}` : ''}`,
  );
}
