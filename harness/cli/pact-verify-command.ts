import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeReports } from '../../reports/index.ts';
import { resolveConfig } from '../config/index.ts';
import { HarnessError } from '../harness-error.ts';
import { verificationReport, verifyPacts } from '../pact/pact-verification.ts';
import { buildContext } from '../runner/build-context.ts';
import { exitCodeOf } from '../runner/runner.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';

export const pactVerifyUsage = `Usage: tpb-conformance pact verify --base-url URL --bot-id ID --pact FILE|DIR [options]

Runs Pact's Verifier over the contract of "tpb-conformance pact generate" against a live Custom
Endpoint. Every request that carries a bearer in the contract gets a valid one, minted as a run
mints it, and is sent to your bot and environment (the contract's paths match any). Without
--base-url, the built-in example bot is verified.

Options:
  --pact FILE|DIR          a pact file, or a directory of them (*.json)
  --state-setup-url URL    your provider's state-change URL (Pact POSTs {state, params, action});
                           without it, the states are set up through the Custom Endpoint itself
                           (see docs/pact.md)
  --base-url, --bot-id, --environment, and the authentication options of "tpb-conformance run":
  --signing-key FILE, --key-id KID, --account-id N, --client-id ID, --jwks-port PORT,
  --token-url URL with --client-secret S, --report-dir DIR, --config FILE

Reports: report.json, junit.xml, index.html and summary.md in --report-dir, one finding
(PACT-01) per interaction, named after it.
Exit codes: 0 every interaction verified, 1 one failed, 2 the verification could not run.
`;

/** The pact files of --pact: the file itself, or the .json files of a directory. */
async function pactFiles(given: string, cwd: string): Promise<string[]> {
  const path = resolve(cwd, given);
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new HarnessError(
      'TPB_INPUT_UNREADABLE',
      `Failed to read --pact ${given}: no such file or directory.`,
    );
  }
  if (!info.isDirectory()) return [path];
  const files = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) {
    throw new HarnessError(
      'TPB_INPUT_UNREADABLE',
      `Failed to verify --pact ${given}: the directory holds no .json pact file. Write one with "tpb-conformance pact generate".`,
    );
  }
  return files.map((name) => join(path, name));
}

/** `tpb-conformance pact verify`: Pact's Verifier against a live endpoint, into our reports. */
export async function pactVerifyCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs(
    'pact verify',
    args,
    { pact: { type: 'string' }, 'state-setup-url': { type: 'string' } },
    { configFlags: true },
  );
  if (values.help) {
    io.stdout.write(pactVerifyUsage);
    return 0;
  }
  if (typeof values.pact !== 'string') {
    throw new HarnessError(
      'TPB_USAGE',
      'Missing --pact FILE|DIR: the contract to verify. Run "tpb-conformance pact verify --help" for its options.',
    );
  }
  const cwd = io.cwd ?? process.cwd();
  const pactUrls = await pactFiles(values.pact, cwd);
  // A Base URL is a Custom Endpoint: the only kind a contract is about.
  const flags =
    values.kind === undefined && values['base-url'] !== undefined
      ? { ...values, kind: 'custom-endpoint' }
      : values;
  const config = await resolveConfig({
    flags,
    cwd,
    ...(io.env ? { env: io.env } : {}),
    onNote: (note) => io.stderr.write(`tpb-conformance: note: ${note}\n`),
  });
  if (config.kind !== undefined && config.kind !== 'custom-endpoint') {
    throw new HarnessError(
      'TPB_USAGE',
      `pact verify checks a Custom Endpoint, not a ${config.kind} target. Use --base-url with --kind custom-endpoint, or no kind for the built-in example bot.`,
    );
  }
  const startedAt = new Date();
  const built = await buildContext(config);
  try {
    const { target, context } = built;
    if (context.target.kind !== 'custom-endpoint') {
      throw new HarnessError(
        'TPB_INTERNAL',
        'Failed to verify: the target is not a Custom Endpoint.',
      );
    }
    const stateSetupUrl = values['state-setup-url'] as string | undefined;
    const verified = await verifyPacts({
      pactUrls,
      ...context.target.address,
      token: await context.bearer(),
      ...(stateSetupUrl ? { stateSetupUrl } : {}),
    });
    const report = verificationReport(verified, target, startedAt);
    const { files } = await writeReports(resolve(cwd, config.reportDir), { report });
    for (const { description, passed, mismatches } of verified.interactions) {
      io.stdout.write(
        `${passed ? 'PASS' : 'FAIL'}  ${description}${passed ? '' : `: ${mismatches.join('; ')}`}\n`,
      );
    }
    const failed = verified.interactions.filter((interaction) => !interaction.passed).length;
    io.stdout.write(
      `\nPact verification ${failed === 0 ? 'passed' : `failed (${failed} of ${verified.interactions.length} interactions)`}. Reports: ${files.join(', ')}\n`,
    );
    return exitCodeOf(report);
  } finally {
    await built.dispose();
  }
}
