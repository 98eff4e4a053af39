#!/usr/bin/env node
/**
 * The `tpb-conformance` command, compiled to dist/ for the installed package (package.json's
 * "bin"); in the repository bin.js runs it from source. It is the CLI's composition root
 * (docs/architecture.md): the suites' checks go to the harness from here, so the harness never
 * imports the layer above it.
 */
import { main } from './main.ts';

process.exitCode = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  async () => (await import('../../suites/index.ts')).allChecks,
);
