// Writes schemas/policy.schema.json and schemas/pipeline.schema.json from the zod schemas (run after
// changing src/policy/schema.ts or pipeline.ts; test/policy/schema.test.ts fails while they are stale).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writeAtomically } from '../src/core/atomic.js';
import { pipelineJsonSchema } from '../src/policy/pipeline.js';
import { policyJsonSchema, schemaFileText } from '../src/policy/schema.js';

const SCHEMAS = { policy: policyJsonSchema(), pipeline: pipelineJsonSchema() };

for (const [name, schema] of Object.entries(SCHEMAS)) {
  const target = fileURLToPath(new URL(`../schemas/${name}.schema.json`, import.meta.url));
  await writeAtomically(target, (tmp) => writeFile(tmp, schemaFileText(schema)));
  process.stdout.write(`wrote ${target}\n`);
}
