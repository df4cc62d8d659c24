/**
 * Tokenizer for raw text, close to the Universal Dependencies / WNUT conventions the model was
 * trained on: words, single punctuation marks, English clitics ('s, n't) split off, and URLs,
 * e-mail addresses, hashes and UUIDs kept whole so they can be blocked as one token.
 */
import { C_DIGIT, C_SPACE, charClass, isWordClass } from './chars.js';
import { findLinks } from './links.js';
import { F_BLOCKED, F_NEWLINE_BEFORE, F_SENT_END, TokenBuffer, tokenFlags } from './tokens.js';

const APOS = 39;
/** Abbreviations that keep their period ("Mr.", "St."), as in the training treebank. */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'prof',
  'inc',
  'co',
  'corp',
  'ltd',
  'mt',
  'ft',
  'gen',
  'gov',
  'sen',
  'rep',
]);
const RSQUO = 0x2019;

export function tokenize(text: string, out: TokenBuffer): TokenBuffer {
  out.clear();
  const n = text.length;
  const links = findLinks(text);
  let link = 0; // index into links of the next link not yet passed
  let p = 0;
  let newline = false;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (charClass(c) === C_SPACE) {
      if (c === 10 || c === 13) newline = true;
      p++;
      continue;
    }
    while (link < links.length && (links[link] as number) < p) link += 2;
    const isLink = link < links.length && links[link] === p;
    const end = isLink ? (links[link + 1] as number) : tokenEnd(text, p, n);
    let flags = tokenFlags(text, p, end) | (isLink ? F_BLOCKED : 0);
    if (newline) flags |= F_NEWLINE_BEFORE;
    if (end - p === 1 && (c === 46 || c === 33 || c === 63)) flags |= F_SENT_END;
    out.push(p, end, flags);
    newline = false;
    p = end;
  }
  return out;
}

function tokenEnd(text: string, p: number, n: number): number {
  const c = text.charCodeAt(p);
  if (isApos(c) && cliticLength(text, p + 1, n) > 0) return p + 1 + cliticLength(text, p + 1, n);
  if ((c === 110 || c === 78) && isNegation(text, p, n)) return p + 3;
  const next = p + 1 < n ? charClass(text.charCodeAt(p + 1)) : C_SPACE;
  if (isWordClass(charClass(c)) || ((c === 64 || c === 35) && isWordClass(next))) {
    const end = wordEnd(text, p + 1, n);
    return text.charCodeAt(end) === 46 && ABBREVIATIONS.has(text.slice(p, end).toLowerCase()) ? end + 1 : end;
  }
  if (c >= 0xd800 && c <= 0xdbff && p + 1 < n) return p + 2; // keep surrogate pairs whole
  let q = p + 1;
  while (q < n && text.charCodeAt(q) === c) q++; // "...", "!!!", "--"
  return q;
}

/** Scan a word: letters/digits joined by inner hyphens, dots, underscores, apostrophes. */
function wordEnd(text: string, q: number, n: number): number {
  while (q < n) {
    const c = text.charCodeAt(q);
    const cls = charClass(c);
    if (isWordClass(cls)) {
      if ((c === 110 || c === 78) && isNegation(text, q, n)) return q;
      q++;
      continue;
    }
    const next = q + 1 < n ? charClass(text.charCodeAt(q + 1)) : C_SPACE;
    if (isApos(c)) {
      if (cliticLength(text, q + 1, n) > 0 || !isWordClass(next)) return q;
      q++;
      continue;
    }
    const prevDigit = charClass(text.charCodeAt(q - 1)) === C_DIGIT;
    const joins =
      ((c === 45 || c === 46 || c === 95) && isWordClass(next)) ||
      ((c === 44 || c === 58) && prevDigit && next === C_DIGIT);
    if (!joins) break;
    q++;
  }
  return q;
}

function isApos(c: number): boolean {
  return c === APOS || c === RSQUO;
}

/** Length of an English clitic after an apostrophe ('s 'm 'd 're 've 'll), followed by a non-word. */
function cliticLength(text: string, q: number, n: number): number {
  for (const len of [1, 2]) {
    if (q + len > n) continue;
    const w = text.slice(q, q + len).toLowerCase();
    const ok = len === 1 ? w === 's' || w === 'm' || w === 'd' : w === 're' || w === 've' || w === 'll';
    const after = q + len < n ? charClass(text.charCodeAt(q + len)) : C_SPACE;
    if (ok && !isWordClass(after)) return len;
  }
  return 0;
}

/** "n't" at q, followed by a non-word character. */
function isNegation(text: string, q: number, n: number): boolean {
  if (q + 3 > n || !isApos(text.charCodeAt(q + 1))) return false;
  const t = text.charCodeAt(q + 2);
  if (t !== 116 && t !== 84) return false;
  return q + 3 === n || !isWordClass(charClass(text.charCodeAt(q + 3)));
}
