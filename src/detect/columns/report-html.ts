import type { ColumnScan } from './types.js';

/** What the HTML report needs of a scan (the engine's ScanReport has these fields). */
export interface ScanReportView {
  dataset: string;
  format: string;
  rows: number;
  examinedRows: number;
  sampled: boolean;
  mode: 'sample' | 'full';
  columns: ColumnScan[];
  summary: Record<string, number>;
  quarantined: number;
  notes: string[];
}

/**
 * A self-contained HTML report for a privacy reviewer: inline CSS, an inline SVG chart of the types
 * found, the riskiest columns first. It never contains a value, only value shapes ("Xxxx 000").
 */
export function renderScanHtml(report: ScanReportView): string {
  const flagged = report.columns.filter((c) => c.risk === 'high' || c.risk === 'medium');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Personal data scan: ${esc(report.dataset)}</title>
<style>${CSS}</style></head>
<body>
<h1>Personal data scan</h1>
<p class="meta"><b>${esc(report.dataset)}</b> (${esc(report.format)}): ${report.rows} rows, ${report.columns.length} columns;
${esc(coverage(report))}${report.quarantined > 0 ? `; ${report.quarantined} malformed records quarantined` : ''}.</p>
<p class="lead">${flagged.length} of ${report.columns.length} columns hold personal data or quasi-identifiers
(${count(report, 'high')} high risk, ${count(report, 'medium')} medium).</p>
<h2>Types found</h2>
${chart(report.summary)}
<h2>Columns, riskiest first</h2>
${table(report.columns)}
${report.notes.length ? `<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<p class="foot">Examples show the format of values only (letters as x/X, digits as 0), never the values.
Scores are confidences from 0 to 1; share is the part of non-empty examined values that match.</p>
</body></html>
`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2433;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin-top:2rem}
.meta{color:#555}.lead{font-size:1.05rem}.foot{color:#777;font-size:12px;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6ec;vertical-align:top}
th{background:#f4f6f9;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.risk{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:12px;font-weight:600}
.high{background:#fde2e1;color:#a4161a}.medium{background:#fff1d6;color:#8a5300}.low{background:#e8eefc;color:#2c4a9a}.none{background:#eef0f3;color:#666}
code{font-size:12px;background:#f4f6f9;padding:0 .25rem;border-radius:3px}.notes{color:#555;font-size:12px}`;

function coverage(r: ScanReportView): string {
  if (r.mode === 'full') return 'every row examined';
  return r.sampled ? `${r.examinedRows} rows sampled uniformly across the whole file` : 'every row examined';
}

function count(r: ScanReportView, risk: string): number {
  return r.columns.filter((c) => c.risk === risk).length;
}

function chart(summary: Record<string, number>): string {
  const bars = Object.entries(summary).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (bars.length === 0) return '<p>No personal data types found.</p>';
  const max = Math.max(...bars.map(([, n]) => n));
  const rowH = 24;
  const labelW = 230;
  const barW = 380;
  const rects = bars
    .map(([label, n], i) => {
      const y = i * rowH;
      const w = Math.max(2, Math.round((n / max) * barW));
      return `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${esc(label)}</text><rect x="${labelW}" y="${y + 4}" width="${w}" height="16" rx="3" fill="${label.startsWith('qi:') ? '#e0a030' : '#c8553d'}"/><text x="${labelW + w + 6}" y="${y + 16}">${n}</text>`;
    })
    .join('');
  const height = bars.length * rowH + 4;
  return `<svg role="img" aria-label="columns per type" width="${labelW + barW + 60}" height="${height}" viewBox="0 0 ${labelW + barW + 60} ${height}" font-size="12" font-family="system-ui,sans-serif">${rects}</svg>`;
}

function table(columns: ColumnScan[]): string {
  if (columns.length === 0) return '<p>The dataset has no columns.</p>';
  const rows = columns.map((c) => {
    const holds = c.freeText ? `free text (${freeTextSummary(c)})` : (c.entity ?? '—');
    const notes = c.notes.length ? `<div class="notes">${c.notes.map(esc).join('<br>')}</div>` : '';
    const candidates = c.candidates
      .slice(0, 3)
      .map((x) => `${esc(x.entity)} ${pct(x.share)}`)
      .join(', ');
    return `<tr><td><b>${esc(c.name)}</b><br><span class="notes">${esc(c.type)}</span></td><td>${esc(holds)}${notes}</td><td>${esc(c.quasiIdentifier ?? '')}</td><td><span class="risk ${c.risk}">${c.risk}</span></td><td class="num">${c.score.toFixed(2)}</td><td class="num">${pct(c.share)}</td><td>${c.evidence}</td><td class="num">${pct(c.nullShare)}</td><td class="num">${pct(c.distinctRatio)}</td><td>${c.examples.map((e) => `<code>${esc(e)}</code>`).join(' ')}</td><td class="notes">${candidates}</td></tr>`;
  });
  return `<table><thead><tr><th>Column</th><th>Holds</th><th>Quasi-identifier</th><th>Risk</th><th>Score</th><th>Share</th><th>Evidence</th><th>Nulls</th><th>Distinct</th><th>Value formats</th><th>Candidates</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function freeTextSummary(c: ColumnScan): string {
  const ft = c.freeText!;
  const top = Object.entries(ft.entities)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([e, n]) => `${e} ${n}`)
    .join(', ');
  return `${pct(ft.share)} of texts${top ? `: ${top}` : ''}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
