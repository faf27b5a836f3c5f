#!/usr/bin/env node
// Thin launcher: all behaviour lives in src/cli (compiled to dist/ by `npm run build`, which `npm ci` runs via `prepare`).
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
  // A terminal that does not report its size says 0: unknown, like a pipe.
  columns: process.stdout.columns || process.stderr.columns || undefined,
  signals: process,
  env: process.env,
});
process.exitCode = code;
