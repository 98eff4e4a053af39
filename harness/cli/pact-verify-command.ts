import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { writeReports } from '../../reports/index.ts';
import { HarnessError } from '../harness-error.ts';
import {
  type InteractionOutcome,
  verificationReport,
  verifyPacts,
} from '../pact/pact-verification.ts';
import { buildContext } from '../runner/build-context.ts';
import { exitCodeOf } from '../runner/runner.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';
import { resolveCommandConfig } from './command-config.ts';
import { jsonFileArguments } from './json-file-arguments.ts';
import {
  brokerClientFrom,
  brokerFlagOptions,
  brokerUsage,
  type PactBrokerClient,
} from './pact-broker-client.ts';
import {
  type BrokerPact,
  fetchPactsForVerification,
  type ProviderVersion,
  publishVerificationResults,
  recordProviderBranch,
} from './pact-broker-verification.ts';

export const pactVerifyUsage = `Usage: tpb-conformance pact verify --base-url URL --bot-id ID --pact FILE|DIR [options]
       tpb-conformance pact verify --base-url URL --bot-id ID --provider NAME --broker-url URL
                                   [--publish --provider-app-version V [--provider-branch B]]

Runs Pact's Verifier over the contract of "tpb-conformance pact generate" against a live Custom
Endpoint. Every request that carries a bearer in the contract gets a valid one, minted as a run
mints it, and is sent to your bot and environment (the contract's paths match any). Without
--base-url, the built-in example bot is verified.

The pacts come from --pact, or from a Pact Broker: the ones it selects for --provider (the
consumer's main branch, and what is deployed or released). With --publish the outcome of each is
published to the broker against --provider-app-version, which is what can-i-deploy reads.

Options:
  --pact FILE|DIR          a pact file, or a directory of them (*.json)
  --provider NAME          the provider's name in the broker (pacts from the broker)
  --publish                publish the verification results to the broker
  --provider-app-version V the provider version the results are for (a git SHA is best)
  --provider-branch B      the branch that version was built from
  --state-setup-url URL    your provider's state-change URL (Pact POSTs {state, params, action});
                           without it, the states are set up through the Custom Endpoint itself
                           (see docs/pact.md)
  --base-url, --bot-id, --environment, and the authentication options of "tpb-conformance run":
  --signing-key FILE, --key-id KID, --account-id N, --client-id ID, --jwks-port PORT,
  --token-url URL with --client-secret S, --report-dir DIR, --config FILE
${brokerUsage}
Reports: report.json, junit.xml, index.html and summary.md in --report-dir, one finding per
interaction, named after it, under the rule it carries (docs/pact.md).
Exit codes: 0 every interaction verified, 1 one failed, 2 the verification could not run.
`;

/** One pact to verify: a file, and where its results go when they are published. */
interface PactSource {
  file: string;
  name: string;
  broker?: BrokerPact;
}

/** The pacts of --pact, or those the broker selects for --provider. */
async function pactSources(
  values: Record<string, unknown>,
  io: CliIo,
  scratch: string,
): Promise<{ sources: PactSource[]; broker?: PactBrokerClient; provider?: ProviderVersion }> {
  const help = 'Run "tpb-conformance pact verify --help" for its options.';
  const cwd = io.cwd ?? process.cwd();
  const provider = values.provider as string | undefined;
  if (typeof values.pact === 'string') {
    if (provider !== undefined || values.publish) {
      throw new HarnessError(
        'TPB_USAGE',
        `--pact verifies local files, which have nowhere to publish to: drop --provider and --publish, or drop --pact to verify what the broker selects. ${help}`,
      );
    }
    const files = await jsonFileArguments(
      [values.pact],
      cwd,
      'verify',
      'Write a pact with "tpb-conformance pact generate".',
    );
    return { sources: files.map(({ path }) => ({ file: path, name: basename(path) })) };
  }
  if (provider === undefined) {
    throw new HarnessError(
      'TPB_USAGE',
      `Missing --pact FILE|DIR, or --provider NAME with a broker: the contract to verify. ${help}`,
    );
  }
  const version = values['provider-app-version'] as string | undefined;
  if (values.publish && !version) {
    throw new HarnessError(
      'TPB_USAGE',
      `--publish needs --provider-app-version V: the provider version the results are for. ${help}`,
    );
  }
  const broker = brokerClientFrom(values, io.env, 'verify');
  const pacts = await fetchPactsForVerification(broker, provider, scratch);
  const branch = values['provider-branch'] as string | undefined;
  return {
    sources: pacts.map((pact) => ({ file: pact.file, name: pact.name, broker: pact })),
    broker,
    ...(values.publish && version
      ? { provider: { provider, version, ...(branch ? { branch } : {}) } }
      : {}),
  };
}

/** `tpb-conformance pact verify`: Pact's Verifier against a live endpoint, into our reports. */
export async function pactVerifyCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs(
    'pact verify',
    args,
    {
      pact: { type: 'string' },
      'state-setup-url': { type: 'string' },
      provider: { type: 'string' },
      publish: { type: 'boolean' },
      'provider-app-version': { type: 'string' },
      'provider-branch': { type: 'string' },
      ...brokerFlagOptions,
    },
    { configFlags: true },
  );
  if (values.help) {
    io.stdout.write(pactVerifyUsage);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const scratch = await mkdtemp(join(tmpdir(), 'tpb-pact-sources-'));
  try {
    const { sources, broker, provider } = await pactSources(values, io, scratch);
    // A Base URL is a Custom Endpoint: the only kind a contract is about.
    const flags =
      values.kind === undefined && values['base-url'] !== undefined
        ? { ...values, kind: 'custom-endpoint' }
        : values;
    const { config } = await resolveCommandConfig(flags, io);
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
      const token = await context.bearer();
      // One Verifier run per pact: each pact's outcome is its own, and so are its results.
      const interactions: InteractionOutcome[] = [];
      const outputs: string[] = [];
      for (const source of sources) {
        const verified = await verifyPacts({
          pactUrls: [source.file],
          ...context.target.address,
          token,
          ...(stateSetupUrl ? { stateSetupUrl } : {}),
        });
        if (broker && provider && source.broker) {
          if (interactions.length === 0) await recordProviderBranch(broker, provider);
          await publishVerificationResults(broker, source.broker, verified.interactions, provider);
          io.stdout.write(`Published the results of ${source.name} to ${broker.baseUrl}.\n`);
        }
        const named = sources.length > 1;
        interactions.push(
          ...verified.interactions.map((interaction) =>
            named ? { ...interaction, pact: source.name } : interaction,
          ),
        );
        outputs.push(verified.output);
      }
      const report = verificationReport(
        { interactions, output: outputs.join('\n') },
        target,
        startedAt,
      );
      const { files } = await writeReports(resolve(cwd, config.reportDir), { report });
      for (const { description, passed, mismatches, pact } of interactions) {
        io.stdout.write(
          `${passed ? 'PASS' : 'FAIL'}  ${pact ? `${pact}: ` : ''}${description}${passed ? '' : `: ${mismatches.join('; ')}`}\n`,
        );
      }
      const failed = interactions.filter((interaction) => !interaction.passed).length;
      io.stdout.write(
        `\nPact verification ${failed === 0 ? 'passed' : `failed (${failed} of ${interactions.length} interactions)`}. Reports: ${files.join(', ')}\n`,
      );
      return exitCodeOf(report);
    } finally {
      await built.dispose();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
