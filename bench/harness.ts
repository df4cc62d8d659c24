/**
 * A tiny benchmark harness: runs a candidate and its baseline alternately for several repetitions
 * in the same process run, and reports medians and the candidate/baseline ratio, in wall-clock time
 * and in CPU time of the process (user + system, all threads: DuckDB's included), which moves
 * less than wall time when other jobs share the machine.
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
  candidateCpuMs: number;
  baselineCpuMs: number;
  cpuRatio: number;
}

export async function compare(
  candidate: Contender,
  baseline: Contender,
  repetitions = 5,
): Promise<Comparison> {
  const times: Record<'candidate' | 'baseline', number[]> = { candidate: [], baseline: [] };
  const cpu: Record<'candidate' | 'baseline', number[]> = { candidate: [], baseline: [] };
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
      const cpuStart = process.cpuUsage();
      await contender.run();
      const used = process.cpuUsage(cpuStart);
      times[side].push(Number(process.hrtime.bigint() - start) / 1e6);
      cpu[side].push((used.user + used.system) / 1e3);
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
    candidateCpuMs: median(cpu.candidate),
    baselineCpuMs: median(cpu.baseline),
    cpuRatio: median(cpu.candidate) / median(cpu.baseline),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function printComparison(c: Comparison, extra = ''): void {
  console.log(
    `${c.candidate}: ${c.candidateMs.toFixed(0)} ms (${c.candidateCpuMs.toFixed(0)} ms CPU) | ${c.baseline}: ${c.baselineMs.toFixed(0)} ms (${c.baselineCpuMs.toFixed(0)} ms CPU) | ratio ${c.ratio.toFixed(2)}x wall, ${c.cpuRatio.toFixed(2)}x CPU${extra ? ` | ${extra}` : ''}`,
  );
}
