import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from '../harness-error.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';
import {
  brokerClientFrom,
  brokerFlagOptions,
  brokerUsage,
  type HalResource,
} from './pact-broker-client.ts';

const defaultRetryIntervalSeconds = 10;

export const pactCanIDeployUsage = `Usage: tpb-conformance pact can-i-deploy --pacticipant NAME (--version V | --latest) --to-environment ENV [options]

Asks the broker's matrix whether a version of an application may be deployed to an environment:
whether its contracts with every application deployed there are verified. Prints the matrix rows
and the broker's reason.

Options:
  --pacticipant NAME         the application to deploy (a consumer or a provider)
  --version V                its version, or
  --latest                   its latest version
  --to-environment ENV       where it would be deployed
  --retry-while-unknown N    while a verification is still pending, ask again up to N times
                             (default 0)
  --retry-interval S         seconds between two tries (default ${defaultRetryIntervalSeconds})
${brokerUsage}
Exit codes: 0 the broker says yes, 1 it says no (or a verification is still pending after the
retries), 2 bad options, or the broker refused or could not be reached.
`;

/** What the matrix answers: a verdict with its reason, and one row per integration. */
interface Matrix {
  deployable: boolean | null;
  reason: string;
  unknown: number;
  rows: string[][];
}

function name(party: unknown): string {
  const value = (party as { name?: unknown } | null | undefined)?.name;
  return typeof value === 'string' ? value : '';
}

function versionNumber(party: unknown): string {
  const value = (party as { version?: { number?: unknown } | null } | null | undefined)?.version
    ?.number;
  return typeof value === 'string' ? value : '';
}

/** The rows as the broker's CLI shows them; a verification that is not published is "unknown". */
function readMatrix(resource: HalResource): Matrix | undefined {
  const summary = resource.summary as
    | { deployable?: unknown; reason?: unknown; unknown?: unknown }
    | undefined;
  if (summary === undefined || summary === null || typeof summary !== 'object') return undefined;
  const rows = (Array.isArray(resource.matrix) ? resource.matrix : []).map((row) => {
    const { consumer, provider, verificationResult } = row as Record<string, unknown>;
    const success = (verificationResult as { success?: unknown } | null | undefined)?.success;
    return [
      name(consumer),
      versionNumber(consumer),
      name(provider),
      versionNumber(provider),
      typeof success === 'boolean' ? String(success) : 'unknown',
    ];
  });
  return {
    deployable: typeof summary.deployable === 'boolean' ? summary.deployable : null,
    reason: typeof summary.reason === 'string' ? summary.reason : '',
    unknown: typeof summary.unknown === 'number' ? summary.unknown : 0,
    rows,
  };
}

/** The rows as aligned columns under a header. */
function table(rows: readonly string[][]): string {
  const all = [['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'SUCCESS?'], ...rows];
  const widths = all[0]?.map((_, column) =>
    Math.max(...all.map((row) => row[column]?.length ?? 0)),
  );
  return all
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A flag that must be a whole number (or, for seconds, any number) of at least 0. */
function count(values: Record<string, unknown>, flag: string, fallback: number, whole: boolean) {
  const given = values[flag] as string | undefined;
  if (given === undefined) return fallback;
  const value = Number(given);
  if (
    given.trim() === '' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (whole && !Number.isInteger(value))
  ) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --${flag} "${given}": expected ${whole ? 'a whole number' : 'a number of seconds'}, 0 or more. Run "tpb-conformance pact can-i-deploy --help" for its options.`,
    );
  }
  return value;
}

/** `tpb-conformance pact can-i-deploy`: the broker's verdict on a deployment, as an exit code. */
export async function pactCanIDeployCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs('pact can-i-deploy', args, {
    ...brokerFlagOptions,
    pacticipant: { type: 'string' },
    version: { type: 'string' },
    latest: { type: 'boolean' },
    'to-environment': { type: 'string' },
    'retry-while-unknown': { type: 'string' },
    'retry-interval': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(pactCanIDeployUsage);
    return 0;
  }
  const help = 'Run "tpb-conformance pact can-i-deploy --help" for its options.';
  const pacticipant = values.pacticipant as string | undefined;
  const version = values.version as string | undefined;
  const environment = values['to-environment'] as string | undefined;
  if (!pacticipant || !environment) {
    throw new HarnessError(
      'TPB_USAGE',
      `Missing ${pacticipant ? '--to-environment ENV' : '--pacticipant NAME'}: can-i-deploy asks about one application's version and one environment. ${help}`,
    );
  }
  if ((version === undefined) === (values.latest !== true)) {
    throw new HarnessError(
      'TPB_USAGE',
      `Pass either --version V or --latest, one of them: the version to deploy. ${help}`,
    );
  }
  const retries = count(values, 'retry-while-unknown', 0, true);
  const interval = count(values, 'retry-interval', defaultRetryIntervalSeconds, false);
  const broker = brokerClientFrom(values, io.env, 'can-i-deploy');

  // The query pact-broker-client sends for one selector and --to-environment; the brackets stay
  // as they are, so a message shows the URL as the broker's docs write it.
  const query = [
    ['q[][pacticipant]', pacticipant],
    version === undefined ? ['q[][latest]', 'true'] : ['q[][version]', version],
    ['latestby', 'cvp'],
    ['environment', environment],
  ].map(([key, value]) => `${key}=${encodeURIComponent(value ?? '')}`);
  const url = `${broker.baseUrl}/matrix?${query.join('&')}`;
  const ask = async (): Promise<Matrix> => {
    const action = 'ask whether the version can be deployed';
    const matrix = readMatrix(
      await broker.request('GET', url, action, {
        notFound: `Check --pacticipant "${pacticipant}" and --to-environment "${environment}": the broker knows no such application or environment.`,
      }),
    );
    if (!matrix) {
      throw new HarnessError(
        'TPB_BROKER',
        `Failed to ${action}: GET ${url} answered no summary, so it is not the broker's matrix. Check --broker-url.`,
      );
    }
    return matrix;
  };

  let matrix = await ask();
  for (let attempt = 1; matrix.unknown > 0 && attempt <= retries; attempt++) {
    io.stderr.write(
      `Waiting for ${matrix.unknown} verification result(s) to be published (try ${attempt} of ${retries}, ${interval} s apart)\n`,
    );
    await sleep(interval * 1000);
    matrix = await ask();
  }

  const subject = `${pacticipant} ${version ?? '(latest)'} to ${environment}`;
  if (matrix.rows.length > 0) io.stdout.write(`${broker.scrub(table(matrix.rows))}\n\n`);
  if (matrix.reason) io.stdout.write(`${broker.scrub(matrix.reason)}\n`);
  if (matrix.deployable === true) {
    io.stdout.write(`can-i-deploy: yes, deploy ${subject}.\n`);
    return 0;
  }
  const pending =
    matrix.unknown > 0
      ? ` ${matrix.unknown} verification result(s) still pending${retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '; --retry-while-unknown N waits for them'}.`
      : '';
  io.stdout.write(`can-i-deploy: no, do not deploy ${subject}.${pending}\n`);
  return 1;
}
