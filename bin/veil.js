#!/usr/bin/env node
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
