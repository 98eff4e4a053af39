#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on load, so an installed package needs no build step.
import { register } from 'tsx/esm/api';

register();
// The composition root: the suites' checks go to the harness's runner from here, so the harness
// never imports the layer above it (docs/architecture.md).
const { allChecks } = await import('../../suites/index.ts');
const { main } = await import('./main.ts');
process.exitCode = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  allChecks,
);
