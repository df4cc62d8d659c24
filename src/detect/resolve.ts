import type { Finding } from './types.js';

/**
 * Resolves overlapping findings: the higher score wins, then the longer span, then the earlier
 * start, then the entity name, so the result never depends on recognizer order. Output is sorted
 * by position and has no two overlapping spans (redaction needs that).
 */
export function resolveOverlaps(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings.slice();
  const ranked = findings.slice().sort(byPriority);
  const kept: Finding[] = [];
  for (const f of ranked) {
    if (!kept.some((k) => k.start < f.end && f.start < k.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

function byPriority(a: Finding, b: Finding): number {
  return (
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start ||
    (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0) ||
    (a.recognizer < b.recognizer ? -1 : a.recognizer > b.recognizer ? 1 : 0)
  );
}
