import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { readSchemaFiles, validate } from '../../schemas/index.ts';
import { readCliEnvironment } from '../config/index.ts';
import { HarnessError } from '../harness-error.ts';
import type { Check } from '../runner/check.ts';
import { toolVersion } from '../tool-version.ts';
import type { CliIo } from './cli-io.ts';
import { initCommand } from './init-command.ts';
import { keysCommand } from './keys-command.ts';
import { mockCommand } from './mock-command.ts';
import { rulesCommand } from './rules-command.ts';
import { runCommand } from './run-command.ts';
import { testConnectionCommand } from './test-connection-command.ts';

export type { CliIo } from './cli-io.ts';

const usage = `Usage: tpb-conformance <command> [options]

Commands:
  run [options]                  Certify a bot against the rule catalogue and write reports;
                                 without --kind, the built-in example bot
                                 (tpb-conformance run --help for its options).
  rules [--rules P] [--level L] [--target K] [--json]
                                 List the rule catalogue.
  test-connection [options]      The bot wizard's Test Connection: GET …/state must answer
                                 200 with state "online".
  init [--force]                 Write tpb.config.ts to fill in.
  keys generate [--out DIR]      Write an RS256 key pair for --signing-key.
  mock [--json] [options]        Run the mock Conversational Cloud until Ctrl+C
                                 (tpb-conformance mock --help for its options).
  validate <schema-id> <file|->  Check a JSON document against one of the wire schemas
                                 (for example ce-event-response for a bot reply).
                                 Exit 0 when it matches, 1 when it does not.
  schemas                        List the schema ids.

Options:
  -h, --help                     Show this help.
  -v, --version                  Show the version.

Exit codes: 0 ok (run: no MUST rule failed), 1 the checked input broke a rule (run: a MUST rule
failed, or a SHOULD rule under --strict), 2 the command could not run (bad options, unreachable
target, internal error).
`;

/** Bearer tokens never reach the terminal, not even inside an error message. */
const jwtPattern = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

async function readInput(path: string, io: CliIo): Promise<unknown> {
  let source: string;
  try {
    source = path === '-' ? await text(io.stdin) : readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HarnessError(
      'TPB_INPUT_UNREADABLE',
      `Failed to read ${path}: ${(cause as Error).message}. Pass a readable JSON file, or - for standard input.`,
      { cause },
    );
  }
  try {
    return JSON.parse(source);
  } catch (cause) {
    throw new HarnessError(
      'TPB_INPUT_UNREADABLE',
      `Failed to parse ${path === '-' ? 'standard input' : path} as JSON: ${(cause as Error).message}.`,
      { cause },
    );
  }
}

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const [schemaId, path, ...rest] = args;
  if (!schemaId || !path || rest.length > 0) {
    throw new HarnessError(
      'TPB_USAGE',
      'Failed to validate: expected <schema-id> <file|->. Run "tpb-conformance schemas" for the ids.',
    );
  }
  const ids = readSchemaFiles().map((file) => file.name);
  if (!ids.includes(schemaId)) {
    throw new HarnessError(
      'TPB_UNKNOWN_SCHEMA',
      `Failed to validate: unknown schema id "${schemaId}". Run "tpb-conformance schemas" for the ids.`,
    );
  }
  const result = validate(schemaId as never, await readInput(path, io));
  if (result.ok) {
    io.stdout.write(`ok: ${path} matches ${schemaId}\n`);
    return 0;
  }
  for (const issue of result.issues) io.stdout.write(`${issue.message}\n`);
  io.stdout.write(`${result.issues.length} issue(s): ${path} does not match ${schemaId}\n`);
  return 1;
}

/** Resolves on the first SIGINT or SIGTERM. */
function signals(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** Runs the CLI with the given arguments and the suites' checks, and returns the exit code. */
export async function main(args: string[], io: CliIo, checks: readonly Check[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
        io.stdout.write(usage);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.stdout.write(`${toolVersion}\n`);
        return 0;
      case 'schemas':
        for (const file of readSchemaFiles())
          io.stdout.write(`${file.name}\t${file.document.title}\n`);
        return 0;
      case 'validate':
        return await validateCommand(rest, io);
      case 'mock':
        return await mockCommand(rest, io, signals());
      case 'run':
        return await runCommand(rest, io, checks);
      case 'rules':
        return await rulesCommand(rest, io);
      case 'test-connection':
        return await testConnectionCommand(rest, io);
      case 'init':
        return await initCommand(rest, io);
      case 'keys':
        return await keysCommand(rest, io);
      default:
        throw new HarnessError(
          'TPB_UNKNOWN_COMMAND',
          `Unknown command "${command}". Run "tpb-conformance --help" for the commands.`,
        );
    }
  } catch (error) {
    const message = (text: string) => text.replace(jwtPattern, '[redacted]');
    const code = (error as { code?: unknown } | null)?.code;
    // A HarnessError, or a reporter's ReportError: the harness could not run, and says why.
    if (error instanceof HarnessError || (typeof code === 'string' && code.startsWith('TPB_'))) {
      io.stderr.write(`tpb-conformance: ${message((error as Error).message)} (${String(code)})\n`);
      return 2;
    }
    const debug = readCliEnvironment(io.env).debug;
    const detail =
      error instanceof Error
        ? debug
          ? (error.stack ?? error.message)
          : error.message
        : String(error);
    io.stderr.write(
      `tpb-conformance: internal error: ${message(detail)}${debug ? '' : ' (set TPB_DEBUG=1 for the stack)'}\n`,
    );
    return 2;
  }
}
