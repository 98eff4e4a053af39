import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readImportGraph } from './import-graph.ts';
import { layerViolations } from './layer-violations.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A throwaway repository with these files, each importing what its text says. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tpb-layers-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const violationsIn = async (files: Record<string, string>) =>
  layerViolations(await readImportGraph(repository(files)));

describe('the layering of this repository', () => {
  it('holds: every import goes through a door and points down, and no folders form a cycle', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    expect(layerViolations(await readImportGraph(root))).toEqual([]);
  });

  it('fails a deep import into another layer, naming the door to use', async () => {
    const problems = await violationsIn({
      'mocks/index.ts': "export { a } from './ums/a.ts';\n",
      'mocks/ums/a.ts': 'export const a = 1;\n',
      'harness/runner/b.ts': "import { a } from '../../mocks/ums/a.ts';\n",
    });
    expect(problems).toEqual([
      "harness/runner/b.ts imports '../../mocks/ums/a.ts': import another layer through its door, mocks/index.ts.",
    ]);
  });

  it('fails an upward import, even through the door', async () => {
    const problems = await violationsIn({
      'harness/index.ts': 'export const run = 1;\n',
      'mocks/tpb/c.ts': "import { run } from '../../harness/index.ts';\n",
      'reports/d.ts': "export { run } from '../harness/index.ts';\n",
    });
    expect(problems).toEqual([
      "mocks/tpb/c.ts imports '../../harness/index.ts': mocks may import schemas, not harness (schemas <- mocks <- harness <- suites, reports beside harness).",
      "reports/d.ts imports '../harness/index.ts': reports may import schemas, not harness (schemas <- mocks <- harness <- suites, reports beside harness).",
    ]);
  });

  it('fails production code that imports test support or its own door, and lets tests do both', async () => {
    const problems = await violationsIn({
      'mocks/index.ts': "export { e } from './ums/e.ts';\n",
      'mocks/ums/e.ts': "import { bed } from './test-support/bed.ts';\nexport const e = bed;\n",
      'mocks/ums/test-support/bed.ts': 'export const bed = 1;\n',
      'mocks/tpb/f.ts': "import { e } from '../index.ts';\n",
      'mocks/tpb/f.test.ts':
        "import { e } from '../index.ts';\nimport { bed } from '../ums/test-support/bed.ts';\nimport { g } from '../../suites/index.ts';\n",
      'suites/index.ts': 'export const g = 1;\n',
    });
    expect(problems).toEqual([
      "mocks/ums/e.ts imports './test-support/bed.ts': production code must not import test support.",
      "mocks/tpb/f.ts imports '../index.ts': a file inside mocks must not import its own door; import the module.",
    ]);
  });

  it('fails folders of one layer that import each other in a cycle', async () => {
    const problems = await violationsIn({
      'mocks/cloud/compose.ts': "import { route } from '../login/login-routes.ts';\n",
      'mocks/login/login-routes.ts': "import { router } from '../cloud/router.ts';\n",
      'mocks/cloud/router.ts': 'export const router = 1;\n',
    });
    expect(problems).toEqual([
      'Folders import each other in a cycle: mocks/cloud -> mocks/login -> mocks/cloud.',
    ]);
  });

  it('lets the composition root import the suites', async () => {
    const problems = await violationsIn({
      'suites/index.ts': 'export const allChecks = [];\n',
      'harness/cli/tpb-conformance.ts': "import { allChecks } from '../../suites/index.ts';\n",
      'harness/cli/main.ts': "import { allChecks } from '../../suites/index.ts';\n",
    });
    expect(problems).toEqual([
      "harness/cli/main.ts imports '../../suites/index.ts': harness may import schemas, mocks, reports, not suites (schemas <- mocks <- harness <- suites, reports beside harness).",
    ]);
  });
});
