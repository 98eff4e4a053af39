import { describe, expect, it } from 'vitest';
import { pactCanIDeployUsage } from './pact-can-i-deploy-command.ts';
import { pactUsage } from './pact-command.ts';
import { pactGenerateUsage } from './pact-generate-command.ts';
import { pactPublishUsage } from './pact-publish-command.ts';
import { pactRecordDeploymentUsage } from './pact-record-deployment-command.ts';
import { pactVerifyUsage } from './pact-verify-command.ts';
import { runCli } from './test-support/run-cli.ts';

describe('tpb-conformance pact', () => {
  it('lists its subcommands, alone (exit 2) or with --help and help pact (exit 0)', async () => {
    expect(await runCli(['pact'])).toEqual({ code: 2, stdout: pactUsage, stderr: '' });
    expect(await runCli(['pact', '--help'])).toEqual({ code: 0, stdout: pactUsage, stderr: '' });
    expect(await runCli(['help', 'pact'])).toEqual({ code: 0, stdout: pactUsage, stderr: '' });
    expect((await runCli(['--help'])).stdout).toContain('pact <generate|verify>');
    expect((await runCli(['--help'])).stdout).toContain(
      'pact <publish|can-i-deploy|record-deployment>',
    );
  });

  it("shows each subcommand's own usage", async () => {
    expect((await runCli(['pact', 'generate', '--help'])).stdout).toBe(pactGenerateUsage);
    expect((await runCli(['pact', 'verify', '--help'])).stdout).toBe(pactVerifyUsage);
    expect((await runCli(['pact', 'publish', '--help'])).stdout).toBe(pactPublishUsage);
    expect((await runCli(['pact', 'can-i-deploy', '--help'])).stdout).toBe(pactCanIDeployUsage);
    expect((await runCli(['pact', 'record-deployment', '--help'])).stdout).toBe(
      pactRecordDeploymentUsage,
    );
  });

  it('suggests the subcommand meant, and exits 2 on an unknown one', async () => {
    const result = await runCli(['pact', 'genrate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'tpb-conformance: Unknown pact subcommand "genrate". Did you mean "generate"? Run "tpb-conformance pact --help" for the subcommands. (TPB_UNKNOWN_COMMAND)\n',
    );
  });
});
