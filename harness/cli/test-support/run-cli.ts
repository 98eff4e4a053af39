import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { allChecks } from '../../../suites/index.ts';
import type { Environment } from '../../config/index.ts';
import { main } from '../main.ts';

/** The repository root: what `import … from 'tpb-conformance'` resolves to in a temp project. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with captured streams, an environment of its own (never the test
 * process's) and a working directory.
 */
export async function runCli(
  args: string[],
  options: { env?: Environment; cwd?: string; tty?: boolean } = {},
): Promise<CliResult> {
  const stdout = Object.assign(new PassThrough(), options.tty ? { isTTY: true, columns: 120 } : {});
  const stderr = new PassThrough();
  const out = text(stdout);
  const err = text(stderr);
  const code = await main(
    args,
    {
      stdout,
      stderr,
      stdin: Readable.from([]),
      env: options.env ?? {},
      ...(options.cwd ? { cwd: options.cwd } : {}),
    },
    allChecks,
  );
  stdout.end();
  stderr.end();
  return { code, stdout: await out, stderr: await err };
}

/** A fresh directory with `tpb-conformance` installed (linked), as a user's project has it. */
export function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tpb-cli-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'tpb-conformance'), 'dir');
  return dir;
}
