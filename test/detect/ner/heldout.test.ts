import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultModelPath } from '../../../src/detect/ner/index.js';
import { decodeModel, encodeModel, ModelFile } from '../../../src/detect/ner/format.js';
import { Gazetteer, GazetteerLists } from '../../../src/detect/ner/gazetteer.js';
import { Decoder } from '../../../src/detect/ner/model.js';
import { evaluate } from '../../../src/detect/ner/train/evaluate.js';
import { buildExample, trainPerceptron } from '../../../src/detect/ner/train/perceptron.js';
import { CORPUS_FILES, splitCorpora } from '../../../src/detect/ner/train/split.js';

const haveData = Object.values(CORPUS_FILES).every((p) => existsSync(p));
const skip = haveData ? false : 'NER corpora not found under ../shared/data/ner or VEIL_SHARED_DATA';
const read = (p: string): string => readFileSync(p, 'utf8');

function split() {
  return splitCorpora({
    uner: read(CORPUS_FILES.uner),
    wnutTrain: read(CORPUS_FILES.wnutTrain),
    wnutDev: read(CORPUS_FILES.wnutDev),
  });
}

// Floors: set from the earlier model's held-out F1 (PERSON 0.561, LOCATION 0.662, ORGANIZATION
// 0.295, micro 0.548) minus about 0.03. The committed model (docs/ner.md): PERSON 0.579, LOCATION
// 0.643, ORGANIZATION 0.266, micro 0.550.
const FLOORS = { PERSON: 0.53, LOCATION: 0.63, ORGANIZATION: 0.26, micro: 0.515 };

test('bundled model meets its held-out F1 floor (exact span match)', { skip }, () => {
  const file = JSON.parse(read(defaultModelPath())) as ModelFile;
  const s = split();
  const r = evaluate(new Decoder(decodeModel(file)), [...s.heldout.wnut, ...s.heldout.uner]);
  for (const e of ['PERSON', 'LOCATION', 'ORGANIZATION'] as const) {
    assert.ok(r.perEntity[e].f1 >= FLOORS[e], `${e} F1 ${r.perEntity[e].f1.toFixed(4)} < ${FLOORS[e]}`);
  }
  assert.ok(r.micro.f1 >= FLOORS.micro, `micro F1 ${r.micro.f1.toFixed(4)}`);
});

test('split is disjoint and stable', { skip }, () => {
  const a = split();
  const b = split();
  assert.deepEqual(
    a.heldout.uner.map((x) => x.id),
    b.heldout.uner.map((x) => x.id),
  );
  const trainIds = new Set(a.train.map((x) => x.id));
  assert.ok(a.heldout.uner.every((x) => !trainIds.has(x.id)));
  assert.ok(a.heldout.uner.length > 300 && a.heldout.uner.length < 500, `${a.heldout.uner.length}`);
});

test('training is deterministic for a fixed seed and learns something', { skip }, () => {
  const s = split();
  const lists: GazetteerLists = {
    first: ['john'],
    last: ['smith'],
    country: [],
    city: [],
    state: [],
    dict: [],
    org: [],
    title: [],
  };
  const gaz = new Gazetteer(lists);
  const examples = s.train.slice(0, 600).map((x) => buildExample(x.words, x.tags, gaz, 1 << 14));
  const run = () => trainPerceptron(examples, { buckets: 1 << 14, epochs: 2, seed: 'det' });
  const a = run();
  const b = run();
  assert.deepEqual(a.weights, b.weights);
  assert.deepEqual(a.trans, b.trans);
  const opts = { buckets: 1 << 14, temperature: 1, platt: { a: 1, b: 0 }, meta: {} };
  const fileA = encodeModel(a.weights, a.trans, lists, opts);
  assert.equal(JSON.stringify(fileA), JSON.stringify(encodeModel(b.weights, b.trans, lists, opts)));
  const r = evaluate(new Decoder(decodeModel(fileA)), s.heldout.uner);
  assert.ok(r.micro.f1 > 0.08, `tiny model micro F1 ${r.micro.f1}`);
});
