/**
 * URLs and e-mail addresses, found with native indexOf scans for "@", "://" and "www." (one pass
 * each, no backtracking regex) so the tokenizer need not inspect every whitespace chunk.
 */
import { C_SPACE, charClass } from './chars.js';

const OPENERS = '([<{"\'';
const TRAILING = ').,;:!?"\'>]}';

/** Sorted, non-overlapping [start, end) pairs of links in text, flattened. */
export function findLinks(text: string): number[] {
  const starts: number[] = [];
  for (const marker of ['@', '://', 'www.']) {
    for (let h = text.indexOf(marker); h >= 0; h = text.indexOf(marker, h + marker.length)) {
      starts.push(chunkStart(text, h));
    }
  }
  if (starts.length === 0) return [];
  starts.sort((a, b) => a - b);
  const out: number[] = [];
  for (const s of starts) {
    if (out.length > 0 && s < (out[out.length - 1] as number)) continue;
    const e = linkEnd(text, s);
    if (e > 0) out.push(s, e);
  }
  return out;
}

function chunkStart(text: string, h: number): number {
  let s = h;
  while (s > 0) {
    const c = text.charCodeAt(s - 1);
    if (charClass(c) === C_SPACE || OPENERS.includes(text[s - 1] as string)) break;
    s--;
  }
  return s;
}

/** End of the URL or e-mail starting at p (trailing punctuation excluded), or 0 if it is neither. */
function linkEnd(text: string, p: number): number {
  const n = text.length;
  let q = p;
  let at = -1;
  let dotAfterAt = false;
  let scheme = false;
  while (q < n && charClass(text.charCodeAt(q)) !== C_SPACE) {
    const c = text.charCodeAt(q);
    if (c === 64 && q > p) at = q;
    else if (c === 46 && at > p) dotAfterAt = true;
    else if (c === 58 && text.charCodeAt(q + 1) === 47 && text.charCodeAt(q + 2) === 47) scheme = true;
    q++;
  }
  if (!scheme && !text.startsWith('www.', p) && !(at > p && dotAfterAt)) return 0;
  while (q > p + 1 && TRAILING.includes(text[q - 1] as string)) q--;
  return q;
}
