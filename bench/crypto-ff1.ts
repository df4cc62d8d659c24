import { randomBytes, randomInt } from 'node:crypto';
import { FF1 } from '../src/crypto/ff1.js';
import { compare } from './crypto-harness.js';

/**
 * FF1 on 16-digit numbers (radix 10, AES-256). Candidate: encryptMany over batches of 2048 (one AES
 * call per Feistel round for the whole batch, double arithmetic). Baseline: the same FF1 called
 * once per value (ten node AES calls per value).
 */
const N = 100_000;
const BATCH = 2048;
const ff1 = new FF1(randomBytes(32), 10);
const values = Array.from({ length: N }, () => Array.from({ length: 16 }, () => randomInt(0, 10)));
const tweaks = values.map(() => new Uint8Array(0));

compare(
  `FF1 ${N} 16-digit values`,
  N,
  {
    name: `encryptMany, batches of ${BATCH}`,
    run: () => {
      for (let i = 0; i < N; i += BATCH)
        ff1.encryptMany(values.slice(i, i + BATCH), tweaks.slice(i, i + BATCH));
    },
  },
  {
    name: 'encrypt per value',
    run: () => {
      for (const v of values) ff1.encrypt(v);
    },
  },
  5,
);
