/**
 * End to end: the installed command, in its own process, certifies the built-in example bot with
 * every rule of the catalogue and exits 0 (issue 5: "npm ci && npx tpb-conformance run").
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import { tempProject } from './test-support/run-cli.ts';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));

describe('npx tpb-conformance run', () => {
  it('certifies the built-in example bot end to end and exits 0', {
    timeout: 120_000,
  }, async () => {
    const reportDir = tempProject();
    const { CI: _ci, TPB_DEBUG: _debug, ...env } = process.env;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(
          process.execPath,
          [bin, 'run', '--report-dir', reportDir],
          { env: { ...stripTpb(env), CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
          (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
        );
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('Verdict: PASS.');
    const report = validate(
      'report',
      JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')),
    );
    expect(report.issues).toEqual([]);
    expect(report.ok && report.value.summary.failed).toBe(0);
  });
});

/** The test process's own TPB_* settings must not steer the run. */
function stripTpb(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('TPB_')));
}
