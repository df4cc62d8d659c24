import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildRunEvent,
  newRunId,
  OPENLINEAGE_SCHEMA_URL,
  type RunManifest,
} from '../../src/policy/manifest.js';

function manifest(): RunManifest {
  return {
    version: 1,
    runId: newRunId(),
    startedAt: '2026-11-22T08:00:00.000Z',
    finishedAt: '2026-11-22T08:00:05.000Z',
    purpose: 'analytics',
    policy: { file: 'policy.yaml', sha256: 'a'.repeat(64) },
    input: {
      namespace: 'file',
      name: '/data/users.csv',
      format: 'csv',
      sha256: 'b'.repeat(64),
      rows: 1000,
      bytes: 123456,
      fields: [
        { name: 'user_id', type: 'VARCHAR' },
        { name: 'email', type: 'VARCHAR' },
      ],
    },
    output: {
      namespace: 'file',
      name: '/out/users.analytics.parquet',
      format: 'parquet',
      sha256: 'c'.repeat(64),
      rows: 998,
      fields: [{ name: 'user_id', type: 'VARCHAR', description: 'pseudonymize (key analytics-ids v1)' }],
    },
    keys: [{ keyId: 'analytics-ids', version: 1 }],
    counts: { pseudonymize: { user_id: 998 } },
    quarantinedRows: 2,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a RunEvent has every field the OpenLineage 2-0-2 spec requires', () => {
  const m = manifest();
  const event = buildRunEvent(m);
  assert.equal(event.eventType, 'COMPLETE');
  assert.equal(event.eventTime, m.finishedAt);
  assert.ok(!Number.isNaN(Date.parse(event.eventTime)));
  assert.match(event.run.runId, UUID);
  assert.equal(event.run.runId, m.runId);
  assert.equal(event.job.namespace, 'veil');
  assert.equal(event.job.name, 'protect.analytics');
  assert.match(event.producer, /^https:\/\//);
  assert.equal(event.schemaURL, OPENLINEAGE_SCHEMA_URL);
  assert.match(
    event.schemaURL,
    /^https:\/\/openlineage\.io\/spec\/2-0-2\/OpenLineage\.json#\/\$defs\/RunEvent$/,
  );
  for (const d of [...event.inputs, ...event.outputs]) {
    assert.ok(d.namespace && d.name);
  }
});

test('every facet carries _producer and _schemaURL; datasets carry schema, version and statistics', () => {
  const event = buildRunEvent(manifest(), { eventType: 'FAIL', jobNamespace: 'ml-platform' });
  assert.equal(event.eventType, 'FAIL');
  assert.equal(event.job.namespace, 'ml-platform');
  const facets = [
    ...Object.values(event.run.facets),
    ...Object.values(event.job.facets),
    ...[...event.inputs, ...event.outputs].flatMap((d) => [
      ...Object.values(d.facets),
      ...Object.values(d.outputFacets ?? {}),
    ]),
  ];
  assert.ok(facets.length >= 7);
  for (const f of facets) {
    assert.match(String(f._producer), /^https:\/\//);
    assert.match(String(f._schemaURL), /^https:\/\/.+#/);
  }
  const [input] = event.inputs;
  const [output] = event.outputs;
  assert.deepEqual(input?.facets.schema?.fields, [
    { name: 'user_id', type: 'VARCHAR' },
    { name: 'email', type: 'VARCHAR' },
  ]);
  assert.equal(input?.facets.version?.datasetVersion, `sha256:${'b'.repeat(64)}`);
  assert.deepEqual(output?.outputFacets?.outputStatistics?.rowCount, 998);
  assert.deepEqual(event.run.facets.veil_protect?.keys, [{ keyId: 'analytics-ids', version: 1 }]);
  assert.equal(JSON.parse(JSON.stringify(event)).run.runId, event.run.runId, 'serialisable');
});

test('run ids are fresh UUIDs', () => {
  const ids = new Set(Array.from({ length: 100 }, newRunId));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.match(id, UUID);
});
