import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { allChecks } from '../../../suites/index.ts';
import type { Environment } from '../../config/index.ts';
import { main } from '../main.ts';

/** The package entry from the sources: what `import 'tpb-conformance'` gets in a temp project. */
const publicEntry = new URL('../../public.ts', import.meta.url).href;

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
    async () => allChecks,
  );
  stdout.end();
  stderr.end();
  return { code, stdout: await out, stderr: await err };
}

/**
 * A fresh directory with `tpb-conformance` installed, as a user's project has it. The package's
 * own exports point at dist/, which the tests never build, so the installed stand-in re-exports
 * the sources.
 */
export function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tpb-cli-'));
  const installed = join(dir, 'node_modules', 'tpb-conformance');
  mkdirSync(installed, { recursive: true });
  writeFileSync(
    join(installed, 'package.json'),
    JSON.stringify({ name: 'tpb-conformance', type: 'module', exports: './index.js' }),
  );
  writeFileSync(join(installed, 'index.js'), `export * from ${JSON.stringify(publicEntry)};\n`);
  return dir;
}
