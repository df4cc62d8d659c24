import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { emissions } from '../../../src/detect/ner/decode.js';
import { CachedEmitter } from '../../../src/detect/ner/emitter.js';
import { N_FEATS, extractFeatures } from '../../../src/detect/ner/features.js';
import { decodeModel, ModelFile } from '../../../src/detect/ner/format.js';
import { defaultModelPath } from '../../../src/detect/ner/index.js';
import { N_TAGS } from '../../../src/detect/ner/tags.js';
import { TokenBuffer } from '../../../src/detect/ner/tokens.js';
import { tokenize } from '../../../src/detect/ner/tokenize.js';

test('cached emitter gives exactly the emissions of the full feature path', () => {
  const p = decodeModel(JSON.parse(readFileSync(defaultModelPath(), 'utf8')) as ModelFile);
  const emitter = new CachedEmitter(p.weights, p.weightScale, p.gazetteer, p.buckets - 1);
  const sentences = [
    'My name is John Smith and I live in Paris .',
    'my name is john smith and i live in paris .',
    'MY NAME IS JOHN SMITH AND I LIVE IN PARIS .',
    'John met John in Paris , then Paris met John .',
    'ERROR 9f86d081884c7d65 user=admin took 13ms',
    // Same word once digits are folded, same shape, other affixes: the cache must tell them apart.
    'ERROR 9f86d081884c7d65 user=admin took 47ms',
    'MAC 72:16:58:04:dc:91 connected .',
    'MAC 10:99:33:21:dc:07 connected .',
    'Order 12345 shipped to Paris .',
    'Order 98760 shipped to Paris .',
  ];
  for (const text of [...sentences, ...sentences]) {
    const tokens = tokenize(text, new TokenBuffer());
    const n = tokens.n;
    const feats = new Int32Array(n * N_FEATS);
    const full = new Float64Array(n * N_TAGS);
    const cached = new Float64Array(n * N_TAGS);
    extractFeatures(text, tokens, 0, n, p.gazetteer, p.buckets - 1, feats);
    emissions(feats, n, p.weights, p.weightScale, tokens, 0, full);
    emitter.emit(text, tokens, 0, n, cached);
    assert.deepEqual(cached, full, text);
  }
});
