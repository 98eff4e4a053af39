import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { validate } from '../../schemas/index.ts';
import { HarnessError } from '../harness-error.ts';
import type { CliIo } from './cli-io.ts';
import { usageError } from './command-args.ts';
import { jsonFileArguments } from './json-file-arguments.ts';
import { brokerClientFrom, brokerFlagOptions, brokerUsage } from './pact-broker-client.ts';

export const pactPublishUsage = `Usage: tpb-conformance pact publish FILE|DIR... --consumer-app-version V [options]

Publishes pact files to a Pact Broker or PactFlow in one request (the broker's
pb:publish-contracts): the consumer's version, its branch and tags, and each contract. A directory
stands for its *.json files; the files must all be pacts of one consumer.

Options:
  --consumer-app-version V   the consumer's version (a git SHA is best)
  --branch B                 the branch the version was built from
  --tag T                    a tag of the version; repeat it for more
${brokerUsage}
Exit codes: 0 published, 2 bad options, a file that is not a pact, or the broker refused or could
not be reached.
`;

interface PactFile {
  path: string;
  content: Buffer;
  consumer: string;
  provider: string;
}

/** The pact files named on the command line: files as given, directories as their *.json. */
async function readPactFiles(given: readonly string[], cwd: string): Promise<PactFile[]> {
  const paths = (
    await jsonFileArguments(
      given,
      cwd,
      'publish',
      'Write a pact with "tpb-conformance pact generate".',
    )
  ).map((file) => file.path);
  return Promise.all(
    paths.map(async (path) => {
      const content = await readFile(path);
      let parsed: unknown;
      try {
        parsed = JSON.parse(content.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      const pact = validate('pact-contract', parsed);
      if (!pact.ok) {
        throw new HarnessError(
          'TPB_INPUT_UNREADABLE',
          `Failed to publish ${path}: not a pact file (${parsed === undefined ? 'not JSON' : pact.issues.map((issue) => issue.message).join('; ')}). Publish the files "tpb-conformance pact generate" writes, or the pact.json of a passing run.`,
        );
      }
      const consumer = pact.value.consumer.name;
      const provider = pact.value.provider.name;
      return { path, content, consumer, provider };
    }),
  );
}

const options = {
  ...brokerFlagOptions,
  'consumer-app-version': { type: 'string' },
  branch: { type: 'string' },
  tag: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The flags and the files; the files are positionals, which parseCommandArgs does not take. */
function parsePublishArgs(args: string[]) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (cause) {
    throw usageError('pact publish', cause, Object.keys(options));
  }
}

/** `tpb-conformance pact publish`: contracts to a broker, for one consumer version. */
export async function pactPublishCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parsePublishArgs(args);
  if (values.help) {
    io.stdout.write(pactPublishUsage);
    return 0;
  }
  const help = 'Run "tpb-conformance pact publish --help" for its options.';
  if (positionals.length === 0) {
    throw new HarnessError(
      'TPB_USAGE',
      `Missing FILE|DIR: the pact files to publish, as "tpb-conformance pact generate" writes them. ${help}`,
    );
  }
  const version = values['consumer-app-version'];
  if (!version) {
    throw new HarnessError(
      'TPB_USAGE',
      `Missing --consumer-app-version V: the consumer version the contracts belong to. ${help}`,
    );
  }
  const broker = brokerClientFrom(values, io.env, 'publish');
  const files = await readPactFiles(positionals, io.cwd ?? process.cwd());
  const consumers = [...new Set(files.map((file) => file.consumer))];
  if (consumers.length > 1) {
    throw new HarnessError(
      'TPB_USAGE',
      `Failed to publish: the files are pacts of ${consumers.join(' and ')}; publish one consumer's pacts at a time, with its own version.`,
    );
  }
  const action = 'publish the contracts';
  const href = broker.link(await broker.index(action), 'pb:publish-contracts', action);
  const answer = await broker.request('POST', href, action, {
    body: {
      pacticipantName: consumers[0],
      pacticipantVersionNumber: version,
      ...(values.branch ? { branch: values.branch } : {}),
      ...(values.tag ? { tags: values.tag } : {}),
      contracts: files.map((file) => ({
        consumerName: file.consumer,
        providerName: file.provider,
        specification: 'pact',
        contentType: 'application/json',
        content: file.content.toString('base64'),
        onConflict: 'overwrite',
      })),
    },
  });
  // What the broker says it did (created the version, published, triggered webhooks).
  for (const notice of Array.isArray(answer.notices) ? answer.notices : []) {
    const { text, message } = notice as { text?: unknown; message?: unknown };
    const said = typeof text === 'string' ? text : message;
    if (typeof said === 'string') io.stdout.write(`${broker.scrub(said)}\n`);
  }
  io.stdout.write(
    `Published ${files.length} contract(s) of ${consumers[0]} version ${version} to ${broker.baseUrl}.\n`,
  );
  return 0;
}
