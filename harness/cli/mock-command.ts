import { parseArgs } from 'node:util';
import type { MockCloudOptions } from '../../mocks/index.ts';
import { HarnessError } from '../harness-error.ts';
import type { CliIo } from './cli-io.ts';
import { usageError } from './command-args.ts';
import { startMockCloud } from './start-mock-cloud.ts';

export const mockUsage = `Usage: tpb-conformance mock [options]

Starts the mock Conversational Cloud (Sentinel, CSDS, login, UMS, control API) on 127.0.0.1
and keeps it running until SIGINT or SIGTERM.

Options:
  --json                          Print one JSON line with everything a client needs when ready.
  --port N                        HTTPS/WSS port (default: a free one).
  --account-id N                  Account id (default 12345678).
  --cert-dir DIR                  Load the CA and certificate from DIR, or create them there.
  --max-open-conversations N      Open conversations the bot agent serves (default 999).
  --skill NAME                    A skill to create; repeatable. The agent takes the first.
`;

function integer(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --${name} "${value}": expected a whole number from ${min} to ${max}.`,
    );
  }
  return number;
}

/** Parses the flags of `tpb-conformance mock` into cloud options. */
export function parseMockArgs(args: string[]): {
  options: MockCloudOptions;
  json: boolean;
  help: boolean;
} {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (cause) {
    throw usageError('mock', cause, Object.keys(mockOptions));
  }
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{1,20}$/.test(accountId)) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --account-id "${accountId}": expected digits only.`,
    );
  }
  const port = integer('port', values.port, 0, 65535);
  const maxOpen = integer('max-open-conversations', values['max-open-conversations'], 1, 100_000);
  const skills = values.skill ?? [];
  const blank = skills.find((skill) => skill.trim() === '');
  if (blank !== undefined)
    throw new HarnessError('TPB_USAGE', 'Invalid --skill "": a skill needs a name.');
  return {
    json: values.json ?? false,
    help: values.help ?? false,
    options: {
      ...(port !== undefined ? { port } : {}),
      ...(accountId !== undefined ? { accountId } : {}),
      ...(values['cert-dir'] ? { certDir: values['cert-dir'] } : {}),
      ...(maxOpen !== undefined ? { maxOpenConversations: maxOpen } : {}),
      ...(skills.length > 0 ? { skills } : {}),
    },
  };
}

const mockOptions = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  'account-id': { type: 'string' },
  'cert-dir': { type: 'string' },
  'max-open-conversations': { type: 'string' },
  skill: { type: 'string', multiple: true },
} as const;

function parse(args: string[]) {
  return parseArgs({ args, strict: true, allowPositionals: false, options: mockOptions });
}

/**
 * `tpb-conformance mock`: runs the mock cloud in the foreground until `stopped` resolves (the CLI
 * resolves it on SIGINT or SIGTERM).
 */
export async function mockCommand(
  args: string[],
  io: CliIo,
  stopped: Promise<unknown>,
): Promise<number> {
  const { options, json, help } = parseMockArgs(args);
  if (help) {
    io.stdout.write(mockUsage);
    return 0;
  }
  const cloud = await startMockCloud(options);
  const { info } = cloud;
  io.stdout.write(
    json
      ? `${JSON.stringify(info)}\n`
      : [
          'Mock Conversational Cloud is ready.',
          `  csdsDomain      ${info.csdsDomain}   (account ${info.accountId})`,
          `  trust the CA    NODE_EXTRA_CA_CERTS=${info.caCertPath}`,
          `  bot agent       ${info.agent.username} / ${info.agent.password}`,
          `  Sentinel        ${info.sentinel.tokenUrl}  client ${info.sentinel.clientId} / ${info.sentinel.clientSecret}`,
          `  control API     ${info.controlUrl}  (Authorization: Bearer ${info.controlToken})`,
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
  );
  await stopped;
  await cloud.stop();
  return 0;
}
