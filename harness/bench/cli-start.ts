import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Comparison } from './measure.ts';

const run = promisify(execFile);
const compiledCli = fileURLToPath(
  new URL('../../dist/harness/cli/tpb-conformance.js', import.meta.url),
);

/**
 * The installed command's start: `tpb-conformance --help` from the compiled package, one process
 * after another, against `node -e 0`, the least a Node command can cost. The ratio is in starts
 * per second, so the start time is 1/ratio times Node's own (target: at most 3x).
 */
export async function cliStart(): Promise<Comparison & { close: () => Promise<void> }> {
  if (!existsSync(compiledCli)) {
    throw new Error(`${compiledCli} is missing. Run "npm run build" first.`);
  }
  const starts = (args: string[]) => async (count: number) => {
    for (let index = 0; index < count; index += 1) await run(process.execPath, args);
  };
  return {
    name: 'CLI --help start (compiled) vs node -e 0',
    opsPerRound: 5,
    ours: starts([compiledCli, '--help']),
    ceiling: starts(['-e', '0']),
    close: async () => {},
  };
}
