/**
 * Secrets never leak: the client secret, the private key and bearer tokens appear in no printed
 * output and in no report file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './test-support/run-cli.ts';

/** A JWS compact token, as any bearer the harness minted would look. */
const bearerShape = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

describe('secrets', () => {
  it('leaves the client secret, the private key and bearer tokens out of output and reports', async () => {
    const cwd = tempProject();
    expect((await runCli(['keys', 'generate', '--out', cwd], { cwd })).code).toBe(0);
    const pem = readFileSync(join(cwd, 'private.pem'), 'utf8');
    const pemBody = pem
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'))
      .map((line) => line.trim());
    const reportDir = join(cwd, 'report');
    const result = await runCli(
      [
        'run',
        '--client-secret',
        's3cr3t-XYZ',
        '--signing-key',
        join(cwd, 'private.pem'),
        '--rules',
        // The BOT-REPLY rules run the engine session, so conversations are in the reports too.
        'CE-*,BOT-REPLY-*',
        '--report-dir',
        reportDir,
      ],
      { cwd, env: { TPB_CLIENT_SECRET: 'env-s3cr3t-ABC', TPB_CLIENT_ID: 'client-1' } },
    );
    // Whatever the verdict, the run completed and wrote every report.
    expect(result.code, result.stderr).toBeLessThan(2);
    const files = readdirSync(reportDir);
    expect(readFileSync(join(reportDir, 'index.html'), 'utf8')).toContain('Hello there');
    expect(files.sort()).toEqual([
      'index.html',
      'junit.xml',
      'pact.json',
      'report.json',
      'summary.md',
    ]);
    const outputs = [
      ['stdout', result.stdout],
      ['stderr', result.stderr],
      ...files.map((file) => [file, readFileSync(join(reportDir, file), 'utf8')]),
    ];
    for (const [name, content = ''] of outputs) {
      expect(content, name).not.toContain('s3cr3t-XYZ');
      expect(content, name).not.toContain('env-s3cr3t-ABC');
      expect(content, name).not.toContain('PRIVATE KEY');
      for (const line of pemBody) expect(content, name).not.toContain(line);
      expect(content, name).not.toMatch(bearerShape);
    }
  });

  it('scrubs secrets from error messages too', async () => {
    const cwd = tempProject();
    const result = await runCli(
      [
        'run',
        '--kind',
        'custom-endpoint',
        '--base-url',
        'http://127.0.0.1:1',
        '--bot-id',
        'b',
        '--token-url',
        'http://127.0.0.1:1/s3cr3t-XYZ',
        '--client-id',
        'id',
        '--client-secret',
        's3cr3t-XYZ',
      ],
      { cwd },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\(TPB_UNREACHABLE\)\n$/);
    expect(result.stderr).not.toContain('s3cr3t-XYZ');
    expect(result.stderr).toContain('[redacted]');
  });
});
