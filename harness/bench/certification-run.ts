import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { measureDefaults, median } from './measure.ts';

const run = promisify(execFile);
const compiledCli = fileURLToPath(
  new URL('../../dist/harness/cli/tpb-conformance.js', import.meta.url),
);

/** Timed runs after the untimed one. */
const repetitions = 3;

/** The command row (f) times, as a user types it (`<tmp>` is a fresh directory per run). */
export const certificationCommand =
  'node dist/harness/cli/tpb-conformance.js run --report-dir <tmp>';

/**
 * Row (f): a full default certification, `tpb-conformance run` on the built-in example bot from
 * the compiled package, start to exit, reports written. One untimed run, then the median wall
 * time of the rest. A run that does not exit 0 fails the row: a failing run is no benchmark.
 */
export async function certificationRun(): Promise<{ wallMs: number; repetitions: number }> {
  if (!existsSync(compiledCli)) {
    throw new Error(`${compiledCli} is missing. Run "npm run build" first.`);
  }
  const walls: number[] = [];
  for (let index = 0; index < measureDefaults.warmupRounds + repetitions; index += 1) {
    const reportDir = await mkdtemp(join(tmpdir(), 'tpb-bench-run-'));
    try {
      const started = performance.now();
      await run(process.execPath, [compiledCli, 'run', '--report-dir', reportDir]);
      if (index >= measureDefaults.warmupRounds) walls.push(performance.now() - started);
    } finally {
      await rm(reportDir, { recursive: true, force: true });
    }
  }
  return { wallMs: median(walls), repetitions };
}
