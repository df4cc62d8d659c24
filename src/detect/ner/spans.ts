/** Turning decoded tags into token spans, and the last-line filter against machine-made strings. */
import { isBegin, isInside } from './tags.js';
import { F_BLOCKED, F_LETTER, TokenBuffer } from './tokens.js';

export interface TokenSpan {
  begin: number; // tag id of the B- tag
  s: number; // first token (relative to the sentence)
  e: number; // one past the last token
}

/** Spans of a well-formed BIO sequence (the decoder guarantees I-X follows B-X or I-X). */
export function tagsToSpans(tags: Uint8Array, n: number, out: TokenSpan[]): void {
  out.length = 0;
  let i = 0;
  while (i < n) {
    const t = tags[i] as number;
    if (!isBegin(t)) {
      i++;
      continue;
    }
    let e = i + 1;
    while (e < n && isInside(tags[e] as number) && tags[e] === t + 1) e++;
    out.push({ begin: t, s: i, e });
    i = e;
  }
}

/** Drop trailing punctuation tokens; reject spans without letters or with blocked tokens. */
export function cleanSpan(span: TokenSpan, tokens: TokenBuffer, from: number): boolean {
  while (span.e > span.s && !((tokens.flags[from + span.e - 1] as number) & F_LETTER)) span.e--;
  if (span.e <= span.s) return false;
  for (let i = span.s; i < span.e; i++) {
    if ((tokens.flags[from + i] as number) & F_BLOCKED) return false;
  }
  return true;
}
