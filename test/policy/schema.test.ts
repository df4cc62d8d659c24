import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { pipelineJsonSchema } from '../../src/policy/pipeline.js';
import { policyJsonSchema, schemaFileText } from '../../src/policy/schema.js';

function checkedIn(name: string): string {
  return readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8');
}

test('schemas/*.schema.json are up to date (regenerate with scripts/export-policy-schema.ts)', () => {
  assert.equal(checkedIn('policy'), schemaFileText(policyJsonSchema()));
  assert.equal(checkedIn('pipeline'), schemaFileText(pipelineJsonSchema()));
});

test('the policy JSON Schema offers operator names and default purposes for completion', () => {
  const schema = policyJsonSchema();
  const text = JSON.stringify(schema);
  for (const name of [
    'pseudonymize',
    'fpe_ff3_1',
    'geo_indistinguishability',
    'redact_entities',
    'model_training.recommendation',
    'user.contact.email',
  ]) {
    assert.ok(text.includes(`"${name}"`), name);
  }
  assert.deepEqual((schema.required as string[]).sort(), ['datasets', 'rules', 'version']);
  assert.ok(
    text.includes('{"oneOf":[{"required":["action"]},{"required":["transform"]}]') ||
      text.includes('"oneOf":[{"required":["action"]},{"required":["transform"]}]'),
  );
});
