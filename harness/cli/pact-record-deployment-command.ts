import { HarnessError } from '../harness-error.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';
import { didYouMean } from './did-you-mean.ts';
import { brokerClientFrom, brokerFlagOptions, brokerUsage } from './pact-broker-client.ts';

export const pactRecordDeploymentUsage = `Usage: tpb-conformance pact record-deployment --pacticipant NAME --version V --environment ENV [options]

Tells the broker that a version of an application is now deployed to an environment (and the
version deployed there before is not): what can-i-deploy then checks the next versions against.
Run it after the deployment succeeded.

Options:
  --pacticipant NAME   the application deployed
  --version V          its version
  --environment ENV    where it was deployed; the environment must exist in the broker
${brokerUsage}
Exit codes: 0 recorded, 2 bad options, an unknown version or environment, or the broker refused or
could not be reached.
`;

/** `tpb-conformance pact record-deployment`: a deployed version, recorded through the broker's HAL links. */
export async function pactRecordDeploymentCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs('pact record-deployment', args, {
    ...brokerFlagOptions,
    pacticipant: { type: 'string' },
    version: { type: 'string' },
    environment: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(pactRecordDeploymentUsage);
    return 0;
  }
  const pacticipant = values.pacticipant as string | undefined;
  const version = values.version as string | undefined;
  const environment = values.environment as string | undefined;
  const missing = [
    pacticipant ? [] : ['--pacticipant NAME'],
    version ? [] : ['--version V'],
    environment ? [] : ['--environment ENV'],
  ].flat();
  if (!pacticipant || !version || !environment) {
    throw new HarnessError(
      'TPB_USAGE',
      `Missing ${missing.join(', ')}: record-deployment records one version of one application in one environment. Run "tpb-conformance pact record-deployment --help" for its options.`,
    );
  }
  const broker = brokerClientFrom(values, io.env, 'record-deployment');
  const action = 'record the deployment';

  // index -> pb:pacticipant-version -> its pb:record-deployment link named after the environment,
  // as pact-broker-client walks it: the broker offers a link per environment it knows.
  const versionUrl = broker.link(await broker.index(action), 'pb:pacticipant-version', action, {
    pacticipant,
    version,
  });
  const versionResource = await broker.request('GET', versionUrl, action, {
    notFound: `The broker has no version "${version}" of "${pacticipant}": publish its pacts or verification results first, or check --pacticipant and --version.`,
  });
  const links = broker.links(versionResource, 'pb:record-deployment');
  const link = links.find((candidate) => candidate.name === environment);
  if (!link) {
    const names = links.flatMap((candidate) => (candidate.name ? [candidate.name] : []));
    const guess = didYouMean(environment, names);
    throw new HarnessError(
      'TPB_USAGE',
      broker.scrub(
        `Failed to ${action}: the broker has no environment "${environment}" to record ${pacticipant} in.${guess ? ` Did you mean "${guess}"?` : ''} ${names.length > 0 ? `Its environments: ${names.join(', ')}.` : 'It lists no environment: create one first (pact-broker create-environment, or in PactFlow).'}`,
      ),
    );
  }
  await broker.request('POST', link.href, action, { body: {} });
  io.stdout.write(
    `Recorded the deployment of ${pacticipant} version ${version} to ${environment} in ${broker.baseUrl}.\n`,
  );
  return 0;
}
