/**
 * `npm run lint` runs this: it lists every import that breaks the layering and every cycle between
 * folders, and exits 1 when there is one. Run it alone with `npx tsx harness/layers/check-layers.ts`.
 */
import { fileURLToPath } from 'node:url';
import { readImportGraph } from './import-graph.ts';
import { layerViolations } from './layer-violations.ts';

const root = process.argv[2] ?? fileURLToPath(new URL('../../', import.meta.url));
const problems = layerViolations(await readImportGraph(root));
for (const problem of problems) console.error(problem);
if (problems.length) {
  console.error(`${problems.length} layering problem(s); see docs/architecture.md.`);
  process.exitCode = 1;
}
