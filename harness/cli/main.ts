import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { HarnessError } from '../harness-error.ts';
import type { Check } from '../runner/check.ts';
import { toolVersion } from '../tool-version.ts';
import type { CliIo } from './cli-io.ts';
import { didYouMean } from './did-you-mean.ts';

export type { CliIo } from './cli-io.ts';

/**
 * The suites' checks, loaded only by a command that runs them. Every command module is imported
 * when it runs, too: `--help` and `--version` load none of the mock cloud, the engine or the
 * suites (the start time is in BENCHMARKS.md).
 */
export type LoadChecks = () => Promise<readonly Check[]>;

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
  token --signing-key FILE       Print a bearer the bot accepts, as a run mints it, for the
                                 report's curls: export TPB_TOKEN=$(npx tpb-conformance token …).
  pact <generate|verify> …       The platform's Pact contract, and its verification against a
                                 live bot (tpb-conformance pact --help).
  pact <publish|can-i-deploy|record-deployment> …
                                 Share contracts through a Pact Broker or PactFlow, and gate
                                 deployments on their verification.
  load [options]                 Drive many conversations through the mock platform and
                                 measure them, up to the 999 cap and past it
                                 (tpb-conformance load --help for its options).
  emulate [options]              Chat with the bot through the mock platform in a browser,
                                 with each turn's request, reply and rule verdicts
                                 (tpb-conformance emulate --help for its options).
  replay FILE... [options]       Replay recorded transcripts against the bot and report the
                                 first turn that differs (tpb-conformance replay --help).
  mock [--json] [options]        Run the mock Conversational Cloud until Ctrl+C
                                 (tpb-conformance mock --help for its options).
  validate <schema-id> <file|->  Check a JSON document against one of the wire schemas
                                 (for example ce-event-response for a bot reply).
                                 Exit 0 when it matches, 1 when it does not.
  schemas                        List the schema ids.
  help <command>                 Show a command's options (same as <command> --help).

Options:
  -h, --help                     Show this help.
  -v, --version                  Show the version.

Exit codes: 0 ok (run: no MUST rule failed), 1 the checked input broke a rule (run: a MUST rule
failed, or a SHOULD rule under --strict), 2 the command could not run (bad options, unreachable
target, internal error), 130 run was interrupted by Ctrl+C (it writes a partial report).
`;

const validateUsage = `Usage: tpb-conformance validate <schema-id> <file|->

Checks a JSON document (a file, or - for standard input) against one of the wire schemas and
prints each issue. Exit 0 when it matches, 1 when it does not, 2 when it cannot be read.
Run "tpb-conformance schemas" for the schema ids.
`;

const schemasUsage = `Usage: tpb-conformance schemas

Lists the schema ids "tpb-conformance validate" takes, each with its title.
`;

/** The commands, as the usage lists them: what "help <command>" and "did you mean" know. */
function commandNames(): string[] {
  const listed = usage.slice(usage.indexOf('Commands:'), usage.indexOf('Options:'));
  return [...listed.matchAll(/^ {2}([a-z-]+)/gm)].map((match) => match[1] ?? '');
}

function unknownCommand(name: string): HarnessError {
  const guess = didYouMean(name, commandNames());
  return new HarnessError(
    'TPB_UNKNOWN_COMMAND',
    `Unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Run "tpb-conformance --help" for the commands.`,
  );
}

/** `help <command>` prints what `<command> --help` does; `help` alone, the overview. */
async function helpCommand(args: string[], io: CliIo, checks: LoadChecks): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '-h' || name === '--help') {
    io.stdout.write(usage);
    return 0;
  }
  if (rest.length > 0) {
    throw new HarnessError(
      'TPB_USAGE',
      'Failed to show help: expected one command, as in "tpb-conformance help run".',
    );
  }
  if (!commandNames().includes(name)) throw unknownCommand(name);
  return main([name, '--help'], io, checks);
}

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
  if (schemaId === '-h' || schemaId === '--help') {
    io.stdout.write(validateUsage);
    return 0;
  }
  if (!schemaId || !path || rest.length > 0) {
    throw new HarnessError(
      'TPB_USAGE',
      'Failed to validate: expected <schema-id> <file|->. Run "tpb-conformance schemas" for the ids.',
    );
  }
  const { readSchemaFiles, validate } = await import('../../schemas/index.ts');
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
export async function main(args: string[], io: CliIo, checks: LoadChecks): Promise<number> {
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
        if (rest[0] === '-h' || rest[0] === '--help') {
          io.stdout.write(schemasUsage);
          return 0;
        }
        for (const file of (await import('../../schemas/index.ts')).readSchemaFiles())
          io.stdout.write(`${file.name}\t${file.document.title}\n`);
        return 0;
      case 'validate':
        return await validateCommand(rest, io);
      case 'mock':
        return await (await import('./mock-command.ts')).mockCommand(rest, io, signals());
      case 'load':
        return await (await import('./load-command.ts')).loadCommand(rest, io);
      case 'replay':
        return await (await import('./replay-command.ts')).replayCommand(rest, io);
      case 'emulate':
        return await (await import('./emulate-command.ts')).emulateCommand(
          rest,
          io,
          await checks(),
          signals(),
        );
      case 'run':
        return await (await import('./run-command.ts')).runCommand(rest, io, await checks());
      case 'rules':
        return await (await import('./rules-command.ts')).rulesCommand(rest, io);
      case 'test-connection':
        return await (await import('./test-connection-command.ts')).testConnectionCommand(rest, io);
      case 'init':
        return await (await import('./init-command.ts')).initCommand(rest, io);
      case 'keys':
        return await (await import('./keys-command.ts')).keysCommand(rest, io);
      case 'pact':
        return await (await import('./pact-command.ts')).pactCommand(rest, io);
      case 'token':
        return await (await import('./token-command.ts')).tokenCommand(rest, io);
      case 'help':
        return await helpCommand(rest, io, checks);
      default:
        throw unknownCommand(command);
    }
  } catch (error) {
    const message = (text: string) => text.replace(jwtPattern, '[redacted]');
    const code = (error as { code?: unknown } | null)?.code;
    // A HarnessError, or a reporter's ReportError: the harness could not run, and says why.
    if (error instanceof HarnessError || (typeof code === 'string' && code.startsWith('TPB_'))) {
      io.stderr.write(`tpb-conformance: ${message((error as Error).message)} (${String(code)})\n`);
      return 2;
    }
    const debug = (await import('../config/index.ts')).readCliEnvironment(io.env).debug;
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
