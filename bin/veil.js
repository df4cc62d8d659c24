#!/usr/bin/env -S node --max-semi-space-size=32
// A 32 MB semi-space (V8's default is 16 MB) keeps a batch's short-lived findings in the young
// generation: pattern detection ran 17% faster with it (BENCHMARKS.md). Worker threads get the
// same through resourceLimits (src/engine/module-worker.ts).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`veil: error: internal error (${err && err.name})\n`);
    process.exitCode = 4;
  },
);
