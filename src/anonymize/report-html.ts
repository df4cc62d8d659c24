import type { AtRiskRecord, RiskReport } from './risk.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const num = (x: number | null) => (x === null ? 'n/a' : Number.isInteger(x) ? String(x) : x.toFixed(4));

/** A self-contained HTML risk report: no scripts, no external assets, an inline SVG bar chart. */
export function renderRiskHtml(
  report: RiskReport & { dataset?: string; quasiIdentifiers?: string[]; mostAtRisk?: AtRiskRecord[] },
): string {
  const rows: [string, string][] = [
    ['records', String(report.records)],
    ['equivalence classes', String(report.classes)],
    ['smallest class', String(report.minClassSize)],
    ['unique records', `${report.uniqueRecords} (${pct(report.uniqueShare)})`],
    ['prosecutor risk, highest', pct(report.prosecutor.highest)],
    ['prosecutor risk, average', pct(report.prosecutor.average)],
    [`records with risk above ${pct(report.prosecutor.threshold)}`, pct(report.prosecutor.recordsAtRisk)],
    ['journalist risk, highest', pct(report.journalist.highest)],
    ['marketer risk', pct(report.marketer.average)],
  ];
  const population = report.population
    ? `<h2>Population uniqueness</h2><p>population ${report.population.size}, sampling fraction ${num(report.population.samplingFraction)}</p>` +
      table(
        ['model', 'estimated uniques', 'uniqueness'],
        report.population.estimates.map((e) => [
          e.model,
          num(e.uniques),
          e.uniqueness === null ? 'n/a' : pct(e.uniqueness),
        ]),
      )
    : '';
  const sensitive = report.sensitive.length
    ? `<h2>Sensitive attributes</h2>` +
      table(
        ['attribute', 'distinct l', 'entropy l', 't (equal distance)'],
        report.sensitive.map((s) => [s.attribute, String(s.distinctL), num(s.entropyL), num(s.tCloseness)]),
      )
    : '';
  const atRisk = report.mostAtRisk?.length
    ? `<h2>Records most at risk</h2>` +
      table(
        ['row', 'class size', 'risk'],
        report.mostAtRisk.map((r) => [String(r.row), String(r.classSize), pct(r.risk)]),
      )
    : '';
  const title = `Re-identification risk${report.dataset ? ` of ${report.dataset}` : ''}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}th{background:#f4f4f4}</style>
</head><body>
<h1>${escape(title)}</h1>
${report.quasiIdentifiers ? `<p>quasi-identifiers: ${escape(report.quasiIdentifiers.join(', '))}</p>` : ''}
${table(['measure', 'value'], rows)}
<h2>Records by equivalence class size</h2>
${barChart(report.classSizes.map((b) => ({ label: b.sizes, value: b.records })))}
${population}${sensitive}${atRisk}
</body></html>
`;
}

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${escape(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Vertical bars, one per bucket, labelled with the bucket and the count. */
export function barChart(bars: { label: string; value: number }[]): string {
  const width = 640;
  const height = 240;
  const top = 20;
  const bottom = 40;
  const slot = width / Math.max(1, bars.length);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const parts = bars.map((b, i) => {
    const h = ((height - top - bottom) * b.value) / max;
    const x = i * slot + slot * 0.15;
    const y = height - bottom - h;
    return (
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a78b5"><title>${escape(b.label)}: ${b.value}</title></rect>` +
      `<text x="${(i * slot + slot / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="12">${escape(b.label)}</text>` +
      `<text x="${(i * slot + slot / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="11">${b.value}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="records by class size">${parts.join('')}<text x="${width / 2}" y="${height - 6}" text-anchor="middle" font-size="12">class size (records per bucket)</text></svg>`;
}
