/** `tpb-conformance init`: a tpb.config.ts that loads, validates, and is never overwritten by accident. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/index.ts';
import { configTemplate } from './init-command.ts';
import { runCli, tempProject } from './test-support/run-cli.ts';

describe('tpb-conformance init', () => {
  it('writes tpb.config.ts, which loads through defineConfig and validates', async () => {
    const cwd = tempProject();
    const result = await runCli(['init'], { cwd });
    expect(result).toEqual({
      code: 0,
      stdout: 'Wrote tpb.config.ts. Fill in your target, then run "npx tpb-conformance run".\n',
      stderr: '',
    });
    expect(readFileSync(join(cwd, 'tpb.config.ts'), 'utf8')).toBe(configTemplate);
    expect(await resolveConfig({ cwd, env: {} })).toEqual({ reportDir: join(cwd, 'tpb-report') });
  });

  it('refuses to overwrite an existing tpb.config.ts unless --force', async () => {
    const cwd = tempProject();
    writeFileSync(join(cwd, 'tpb.config.ts'), 'export default {};\n');
    const refused = await runCli(['init'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'tpb-conformance: Failed to write tpb.config.ts: it already exists. Edit it, or pass --force to overwrite it. (TPB_USAGE)\n',
    );
    expect(readFileSync(join(cwd, 'tpb.config.ts'), 'utf8')).toBe('export default {};\n');
    expect((await runCli(['init', '--force'], { cwd })).code).toBe(0);
    expect(readFileSync(join(cwd, 'tpb.config.ts'), 'utf8')).toBe(configTemplate);
  });

  it('says when the new file takes the place of another config file', async () => {
    const cwd = tempProject();
    writeFileSync(join(cwd, 'tpb.config.json'), '{}');
    const result = await runCli(['init'], { cwd });
    expect(result.stdout).toContain('Note: tpb.config.ts is read instead of tpb.config.json.');
  });
});
