#!/usr/bin/env node
// The command from the sources, for the tests and `npx tpb-conformance` before a build: tsx
// compiles the TypeScript on load. The installed package runs dist/harness/cli/tpb-conformance.js.
import { register } from 'tsx/esm/api';

register();
await import('./tpb-conformance.ts');
