import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BuiltContext,
  buildContext,
  certify,
  exitCodeOf,
  rules,
} from '../../../harness/index.ts';
import { exampleUtterances } from '../../../mocks/index.ts';
import type { Report } from '../../../schemas/index.ts';
import { allChecks } from '../../index.ts';
import { brokenContext, builtInContext } from '../../test-support/contexts.ts';

export interface Certification {
  failed: string[];
  exitCode: number;
}

/** Runs every rule the way `tpb-conformance run` does, and disposes of the context. */
export async function certifyReport(built: BuiltContext): Promise<Report> {
  try {
    return (await certify(built, { rules, checks: allChecks, strict: false })).report;
  } finally {
    await built.dispose();
  }
}

async function certifyBuilt(built: BuiltContext): Promise<Certification> {
  const report = await certifyReport(built);
  return {
    failed: report.results
      .filter((result) => result.status === 'fail')
      .map((result) => result.ruleId),
    exitCode: exitCodeOf(report),
  };
}

/** Runs every rule against the built-in example bot. */
export function certifyBuiltIn(): Promise<Certification> {
  return builtInContext().then(certifyBuilt);
}

/** Runs every rule against a broken bot of the zoo, the way `tpb-conformance run` would. */
export function certifyBroken(
  name: string,
  timeoutMs = 2000,
  delayMs = 3000,
): Promise<Certification> {
  return brokenContext(name, { timeoutMs }, delayMs).then(certifyBuilt);
}

/** A module file exporting a broken function of the zoo as `lambda`, for `--function`. */
export function brokenFunctionModule(name: string): string {
  const zoo = fileURLToPath(new URL('../../../mocks/bots/zoo/index.ts', import.meta.url));
  const module = join(mkdtempSync(join(tmpdir(), 'tpb-zoo-')), `${name}.mts`);
  writeFileSync(
    module,
    `import { brokenFunctions } from ${JSON.stringify(zoo)};\nexport const lambda = brokenFunctions.find((f) => f.name === ${JSON.stringify(name)}).create();\n`,
  );
  return module;
}

/** Runs every rule against a broken function of the zoo, loaded from a module file, with the example's utterances. */
export function certifyBrokenFunction(name: string): Promise<Certification> {
  return buildContext({
    kind: 'faas',
    function: brokenFunctionModule(name),
    timeoutMs: 2000,
    skills: ['human'],
    utterances: exampleUtterances,
  }).then(certifyBuilt);
}
