import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNameModel, NameSpan } from '../../../src/detect/ner/index.js';

const model = loadNameModel();

function found(text: string, entity: string): string[] {
  return model
    .predict(text)
    .filter((s) => s.entity === entity)
    .map((s) => text.slice(s.start, s.end));
}

test('loadNameModel caches the bundled model', () => {
  assert.equal(loadNameModel(), model);
});

test('finds PERSON in mixed, lower and UPPER case', () => {
  assert.deepEqual(found('My name is John Smith', 'PERSON'), ['John Smith']);
  assert.deepEqual(found('my name is john smith', 'PERSON'), ['john smith']);
  assert.deepEqual(found('MY NAME IS JOHN SMITH', 'PERSON'), ['JOHN SMITH']);
});

test('finds LOCATION and ORGANIZATION in clear sentences', () => {
  assert.deepEqual(found('I flew from London to Paris last week.', 'LOCATION'), ['London', 'Paris']);
  assert.ok(found('She works at Google in London.', 'ORGANIZATION').includes('Google'));
  assert.ok(found('Jane Doe lives in Chicago, Illinois.', 'LOCATION').includes('Chicago'));
  assert.ok(found('He joined the United Nations in 2010.', 'ORGANIZATION').includes('United Nations'));
});

test('offsets are string indices into the input, also after newlines and non-ASCII text', () => {
  const text = 'Ticket #4411 — café order\n\nReporter: Angela Merkel\n  Follow-up with Jane Doe in Chicago.';
  const spans = model.predict(text);
  const persons = spans.filter((s) => s.entity === 'PERSON').map((s) => text.slice(s.start, s.end));
  assert.deepEqual(persons, ['Angela Merkel', 'Jane Doe']);
  for (const s of spans) {
    const slice = text.slice(s.start, s.end);
    assert.equal(slice, slice.trim());
    assert.ok(/\p{L}/u.test(slice), `span ${slice} has a letter`);
  }
});

test('scores are probabilities in (0, 1]', () => {
  const spans: NameSpan[] = model.predict(
    'Tim Cook of Apple spoke in Cupertino, California, with Sundar Pichai.',
  );
  assert.ok(spans.length >= 3);
  for (const s of spans) assert.ok(s.score > 0 && s.score <= 1, `score ${s.score}`);
});

const MACHINE_TEXT = [
  '2024-01-15T10:23:45Z INFO Server started user=admin pid=1234',
  '[WARN] 2023-05-02 12:00:01,123 Worker-7 retrying job 77 in 500ms',
  'ERROR Connection refused to 10.0.0.1:5432 after 3 retries',
  'Jan 12 06:25:01 ip-172-31-5-10 CRON[2211]: (root) CMD (run-parts /etc/cron.hourly)',
  '123e4567-e89b-12d3-a456-426614174000',
  'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'commit 3f2a9c1 deadbeefcafebabe 0x7fff5fbff8c8',
  'dGhpcyBpcyBhIHNlY3JldCB0b2tlbg== aGVsbG8gd29ybGQ=',
  '4111 1111 1111 1111 exp 12/27 cvv 123',
  '+1 (555) 123-4567 ext. 89',
  'GET https://example.com/api/v1/users?id=42 200 13ms',
  'send to john.smith@example.com or jsmith+news@mail.example.org',
  '1700000000 1700000060 1700000120 3.14159 2.71828',
];

test('no PERSON in log lines, hashes, numbers, UUIDs, timestamps, e-mails or URLs', () => {
  for (const text of MACHINE_TEXT) {
    const persons = found(text, 'PERSON');
    assert.deepEqual(persons, [], `PERSON found in ${JSON.stringify(text)}: ${persons.join(', ')}`);
  }
});

test('machine tokens never appear inside any span', () => {
  const text = 'User Jane Doe (id 9f86d081884c7d65, mail jane@example.com) visited https://example.org/Jane';
  for (const s of model.predict(text)) {
    const slice = text.slice(s.start, s.end);
    assert.doesNotMatch(slice, /[@/]|9f86/u, `span ${slice}`);
  }
});

test('a missing or foreign model file is an input error', () => {
  assert.throws(() => loadNameModel('/nonexistent/model.json'), { name: 'InputError' });
});
