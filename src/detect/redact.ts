import type { Finding } from './types.js';

/** Replaces each finding with `<ENTITY>`; findings must not overlap (the analyzer guarantees it). */
export function redactText(text: string, findings: readonly Finding[]): string {
  let out = '';
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    out += `${text.slice(at, f.start)}<${f.entity}>`;
    at = f.end;
  }
  return out + text.slice(at);
}
