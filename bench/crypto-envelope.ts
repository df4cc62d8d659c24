import { createCipheriv, randomBytes } from 'node:crypto';
import { EnvelopeCipher } from '../src/crypto/aead.js';
import { Keyring, MemoryKeyStore } from '../src/crypto/keyring.js';
import { LocalKms, wrapSync } from '../src/crypto/kms.js';
import { compare } from './crypto-harness.js';

/**
 * AES-256-GCM envelope encryption of short values. Candidate: Veil's EnvelopeCipher.encryptMany on
 * batches of 2048 (one wrapped data key per 2^20 values, pooled CSPRNG IVs, batched AES-CTR +
 * JS GHASH, text output with key id + version). Baselines: (1) node's createCipheriv GCM once per
 * value under one shared data key (same envelope, per-value API); (2) the textbook envelope, a
 * fresh data key wrapped by the KEK for every value.
 */
const N = 200_000;
const keyring = new Keyring(new MemoryKeyStore(), new LocalKms(randomBytes(32)));
await keyring.create('bench');
const key = await keyring.unlock('bench');
const kek = key.subkey(1, 'envelope-kek');
const values = Array.from({ length: N }, (_, i) => Buffer.from(`user.${i * 7919}@example.org`));

const BATCH = 2048;
const candidate = {
  name: `EnvelopeCipher.encryptMany (batches of ${BATCH})`,
  run: () => {
    const c = new EnvelopeCipher(key);
    for (let i = 0; i < N; i += BATCH) c.encryptMany(values.slice(i, i + BATCH));
  },
};
const dek = randomBytes(32);
const wrappedDek = wrapSync(kek, dek, 'dek').toString('base64url');
compare(`envelope-encrypt ${N} short values (AES-256-GCM)`, N, candidate, {
  name: 'createCipheriv per value, shared DEK',
  run: () => {
    for (const v of values) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dek, iv);
      const ct = Buffer.concat([iv, cipher.update(v), cipher.final(), cipher.getAuthTag()]);
      void `ve1.bench.1.${wrappedDek}.${ct.toString('base64url')}`;
    }
  },
});
compare(
  `envelope-encrypt ${N} short values (AES-256-GCM)`,
  N,
  candidate,
  {
    name: 'fresh DEK + wrap per value',
    run: () => {
      for (const v of values) {
        const dek = randomBytes(32);
        const wrapped = wrapSync(kek, dek, 'dek');
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', dek, iv);
        const ct = Buffer.concat([cipher.update(v), cipher.final(), cipher.getAuthTag()]);
        void `${wrapped.toString('base64url')}.${iv.toString('base64url')}${ct.toString('base64url')}`;
      }
    },
  },
  5,
);
