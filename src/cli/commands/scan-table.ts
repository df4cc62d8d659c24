import type { ColumnScan, ScanReport } from '../../engine/scan-job.js';

/** The terminal rendering of a scan: one line per column, riskiest first. */
export function renderScanTable(report: ScanReport): string {
  const head = header(report);
  if (report.columns.length === 0) return [head, ...report.notes.map((n) => `  ${n}`)].join('\n');
  const rows = report.columns.map((c) => [
    clip(c.name, 32),
    what(c),
    c.score.toFixed(2),
    pct(c.share),
    c.evidence,
    pct(c.nullShare),
    pct(c.distinctRatio),
    c.risk,
  ]);
  const titles = ['COLUMN', 'HOLDS', 'SCORE', 'SHARE', 'EVIDENCE', 'NULLS', 'DISTINCT', 'RISK'];
  const widths = titles.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [head, '', line(titles), ...rows.map(line)];
  const flagged = report.columns.filter((c) => c.risk === 'high' || c.risk === 'medium').length;
  out.push('', `${flagged} of ${report.columns.length} columns hold personal data or quasi-identifiers`);
  for (const c of report.columns) for (const note of c.notes) out.push(`  ${c.name}: ${note}`);
  for (const note of report.notes) out.push(`  ${note}`);
  return out.join('\n');
}

function header(r: ScanReport): string {
  const how =
    r.mode === 'full'
      ? 'every row examined'
      : r.sampled
        ? `${r.examinedRows} rows sampled across the whole file`
        : 'every row examined';
  const bad = r.quarantined > 0 ? `, ${r.quarantined} malformed records quarantined` : '';
  return `${r.dataset}: ${r.rows} rows, ${r.columns.length} columns (${how}${bad})`;
}

function what(c: ColumnScan): string {
  if (c.freeText) {
    const top = Object.entries(c.freeText.entities)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([e]) => e);
    return top.length ? `free text: ${top.join(', ')}` : 'free text';
  }
  const qi = c.quasiIdentifier ? `(${c.quasiIdentifier})` : '';
  if (c.entity) return qi ? `${c.entity} ${qi}` : c.entity;
  return qi || '-';
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
