import { isIPv4, isIPv6 } from 'node:net';
import type { AnalyzeContext, Finding, Recognizer } from '../types.js';
import { SHAPE_HEX_COLONS, SHAPE_HEX_PAIRS, SHAPE_HEX_QUADS, triggerGroup } from '../features.js';
import type { PatternSpec } from './pattern.js';
import { TLDS } from './tlds.js';

/** ASCII characters of e-mail local parts ([A-Za-z0-9._%+-]) and host names ([A-Za-z0-9.-]). */
const LOCAL = new Uint8Array(128);
const HOST = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  LOCAL[c] = /[A-Za-z0-9._%+-]/.test(ch) ? 1 : 0;
  HOST[c] = /[A-Za-z0-9.-]/.test(ch) ? 1 : 0;
}
const isLocalChar = (c: number): boolean => c < 128 && LOCAL[c] === 1;
const isHostChar = (c: number): boolean => c < 128 && HOST[c] === 1;
const isDotOrDash = (c: number): boolean => c === 46 || c === 45;

/** The end of a host name starting at `from`, trailing dots excluded. */
function hostEnd(text: string, from: number, limit: number): number {
  let end = from;
  while (end < text.length && end - from < limit && isHostChar(text.charCodeAt(end))) end++;
  while (end > from && isDotOrDash(text.charCodeAt(end - 1))) end--;
  return end;
}

/** Host has 2+ labels of letters/digits/hyphens (not at the edges) and a known TLD. */
export function validHost(host: string): boolean {
  const labels = host.toLowerCase().split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1]!;
  if (!TLDS.has(tld)) return false;
  return labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-'));
}

/**
 * Emails found by expanding around each '@' (linear: no regex backtracking over long local parts).
 */
export class EmailRecognizer implements Recognizer {
  readonly name = 'email';
  readonly entities = ['EMAIL_ADDRESS'];

  analyze(text: string, ctx: AnalyzeContext): Finding[] {
    const out: Finding[] = [];
    this.analyzeInto(text, ctx, out);
    return out;
  }

  analyzeInto(text: string, ctx: AnalyzeContext, out: Finding[]): void {
    if (!ctx.features.at) return;
    let at = -1;
    while ((at = text.indexOf('@', at + 1)) !== -1) {
      let start = at;
      while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
      while (start < at && text.charCodeAt(start) === 46) start++;
      const end = hostEnd(text, at + 1, 255);
      if (start === at || !validHost(text.slice(at + 1, end))) continue;
      out.push({ entity: 'EMAIL_ADDRESS', start, end, score: 0.95, recognizer: this.name });
      at = end - 1;
    }
  }
}

/** Domain names found from each "letter.letter" boundary, expanded both ways (linear). */
export class DomainRecognizer implements Recognizer {
  readonly name = 'domain';
  readonly entities = ['DOMAIN_NAME'];

  analyze(text: string, ctx: AnalyzeContext): Finding[] {
    const out: Finding[] = [];
    this.analyzeInto(text, ctx, out);
    return out;
  }

  analyzeInto(text: string, ctx: AnalyzeContext, out: Finding[]): void {
    if (!ctx.features.dot) return;
    const re = /[A-Za-z0-9]\.[A-Za-z]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      let start = m.index;
      while (start > 0 && isHostChar(text.charCodeAt(start - 1)) && m.index - start < 253) start--;
      const end = hostEnd(text, m.index, 253);
      re.lastIndex = Math.max(re.lastIndex, end);
      const before = text[start - 1];
      if (before === '@' || before === '/' || text[end] === '@' || text[end] === '/') continue;
      while (isDotOrDash(text.charCodeAt(start))) start++;
      if (validHost(text.slice(start, end))) {
        out.push({ entity: 'DOMAIN_NAME', start, end, score: 0.6, recognizer: this.name });
      }
    }
  }
}

const WWW = triggerGroup(['www']);

const TRAILING_PUNCT = /[.,;:!?)\]}'"]+$/;

export const NETWORK_PATTERNS: PatternSpec[] = [
  {
    entity: 'URL',
    name: 'url',
    regex: /\b(?:https?|ftp):\/\/[^\s<>"'`]{3,2048}|\bwww\.[^\s<>"'`]{3,2048}/gi,
    score: 0.85,
    needs: (f) => (f.colon && f.slashes >= 2) || (f.dot && (f.words & WWW) !== 0),
    trimEnd: TRAILING_PUNCT,
    validate: (value) => value.length >= 8,
  },
  {
    entity: 'IP_ADDRESS',
    name: 'ip_v4',
    regex: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/g,
    score: 0.75,
    needs: (f) => f.digitDots >= 3 && f.digits >= 4,
    validate: (value) => isIPv4(value) && value !== '0.0.0.0',
  },
  {
    entity: 'IP_ADDRESS',
    name: 'ip_v6',
    regex: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g,
    score: 0.8,
    needs: (f) => (f.shapes & SHAPE_HEX_COLONS) !== 0,
    validate: (value) => plausibleIpv6(value),
  },
  {
    entity: 'MAC_ADDRESS',
    name: 'mac',
    regex:
      /(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])|(?<![\w.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])/g,
    score: 0.8,
    needs: (f) =>
      ((f.colons >= 5 || f.dashes >= 5) && (f.shapes & SHAPE_HEX_PAIRS) !== 0) ||
      (f.dots >= 2 && (f.shapes & SHAPE_HEX_QUADS) !== 0),
  },
];

/** An IPv6 address with at least two non-empty groups, one holding a digit (not "a::b"). */
function plausibleIpv6(value: string): boolean {
  if (!isIPv6(value)) return false;
  const groups = value.split(':').filter((g) => g.length > 0);
  return groups.length >= 3 && groups.some((g) => /\d/.test(g));
}
