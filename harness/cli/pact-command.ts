import { HarnessError } from '../harness-error.ts';
import type { CliIo } from './cli-io.ts';
import { didYouMean } from './did-you-mean.ts';

export const pactUsage = `Usage: tpb-conformance pact <subcommand> [options]

Subcommands:
  generate [--out DIR] [--provider NAME]
                 Write the platform's consumer contract for a Custom Endpoint, with Pact.
  verify --pact FILE|DIR [run's target and auth options] [--state-setup-url URL]
                 Verify a live Custom Endpoint against contracts with Pact's Verifier and
                 write the outcome as run's reports.
  publish FILE|DIR... --consumer-app-version V [--branch B] [--tag T]
                 Publish contracts to a Pact Broker or PactFlow.
  can-i-deploy --pacticipant NAME (--version V | --latest) --to-environment ENV
                 Ask the broker whether a version may be deployed: exit 0 yes, 1 no.
  record-deployment --pacticipant NAME --version V --environment ENV
                 Tell the broker a version is deployed.

The broker subcommands take --broker-url and --broker-token (or --broker-username and
--broker-password), or PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN as Pact's own tools do.
Run "tpb-conformance pact <subcommand> --help" for its options. The provider states are in
docs/pact.md.
`;

type Subcommand = (args: string[], io: CliIo) => Promise<number>;

/** Each subcommand's module loads only when it runs: Pact's native core is heavy. */
const subcommands: Record<string, () => Promise<Subcommand>> = {
  generate: async () => (await import('./pact-generate-command.ts')).pactGenerateCommand,
  verify: async () => (await import('./pact-verify-command.ts')).pactVerifyCommand,
  publish: async () => (await import('./pact-publish-command.ts')).pactPublishCommand,
  'can-i-deploy': async () =>
    (await import('./pact-can-i-deploy-command.ts')).pactCanIDeployCommand,
  'record-deployment': async () =>
    (await import('./pact-record-deployment-command.ts')).pactRecordDeploymentCommand,
};

/** `tpb-conformance pact <subcommand>`: the Pact workflow (docs/pact.md). */
export async function pactCommand(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '-h' || name === '--help') {
    io.stdout.write(pactUsage);
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (!load) {
    const guess = didYouMean(name, Object.keys(subcommands));
    throw new HarnessError(
      'TPB_UNKNOWN_COMMAND',
      `Unknown pact subcommand "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Run "tpb-conformance pact --help" for the subcommands.`,
    );
  }
  return (await load())(rest, io);
}
