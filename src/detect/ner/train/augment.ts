/** Case augmentation and synthetic machine-text negatives (all tokens O). */
import { Sentence } from './corpus.js';
import { SeededRandom } from './prng.js';

/** A copy with every word lower- or upper-cased; words whose length would change keep their case. */
export function recased(s: Sentence, mode: 'lower' | 'upper'): Sentence {
  const words = s.words.map((w) => {
    const r = mode === 'lower' ? w.toLowerCase() : w.toUpperCase();
    return r.length === w.length ? r : w;
  });
  return { id: `${s.id}/${mode}`, words, tags: s.tags };
}

const LEVELS = [
  'INFO',
  'WARN',
  'ERROR',
  'DEBUG',
  'TRACE',
  'FATAL',
  'info',
  'warn',
  'error',
  'debug',
  'NOTICE',
  'CRITICAL',
];
const WORDS = [
  'GET',
  'POST',
  'status',
  'user',
  'id',
  'request',
  'took',
  'ms',
  'pid',
  'host',
  'failed',
  'retry',
  'session',
  'token',
  'key',
  'sha256',
  'commit',
  'build',
  'job',
  'worker',
  'conn',
  'timeout',
  'OK',
  'NULL',
  'true',
  'false',
  'at',
  'in',
  'from',
  'to',
];

function hex(rng: SeededRandom, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
  return s;
}

function b64(rng: SeededRandom, n: number): string {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += a[rng.int(a.length)];
  return s;
}

function machineToken(rng: SeededRandom): string[] {
  switch (rng.int(9)) {
    case 0:
      return [hex(rng, [7, 8, 32, 40, 64][rng.int(5)] as number)];
    case 1:
      return [`${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`];
    case 2:
      return [String(rng.int(100000))];
    case 3:
      return [
        `${2000 + rng.int(30)}-${1 + rng.int(12)}-${1 + rng.int(28)}T${rng.int(24)}:${rng.int(60)}:${rng.int(60)}Z`,
      ];
    case 4:
      return [b64(rng, 12 + rng.int(30))];
    case 5:
      return [rng.pick(WORDS), '=', rng.pick([hex(rng, 6), String(rng.int(999)), b64(rng, 10)])];
    case 6:
      return [`${rng.int(256)}.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`];
    case 7:
      return [rng.pick(LEVELS)];
    default:
      return [rng.pick(WORDS)];
  }
}

/** Log lines, hashes, ids and numbers: text in which nothing is a name. */
export function syntheticNegatives(count: number, seed: string): Sentence[] {
  const rng = new SeededRandom(seed);
  const out: Sentence[] = [];
  for (let k = 0; k < count; k++) {
    const words: string[] = [];
    const len = 3 + rng.int(10);
    while (words.length < len) words.push(...machineToken(rng));
    out.push({ id: `synthetic-${k}`, words, tags: words.map(() => 0) });
  }
  return out;
}
