import { resolve } from 'node:path';
import { describeTarget } from '../../reports/index.ts';
import { readCliEnvironment } from '../config/index.ts';
import { startEmulatorServer } from '../emulator/emulator-server.ts';
import { EmulatorSession } from '../emulator/emulator-session.ts';
import { HarnessError } from '../harness-error.ts';
import type { BuiltContext } from '../runner/build-context.ts';
import type { Check } from '../runner/check.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';
import { resolveCommandConfig } from './command-config.ts';
import { scrubberFor, startCandidate } from './run-certification.ts';

export const emulateUsage = `Usage: tpb-conformance emulate [target options as run] [--channel messaging|chat] [--record FILE] [--port N]

Starts the mock Conversational Cloud with your bot attached, as the platform calls it, and serves
a chat page on 127.0.0.1: you are the consumer. Beside the chat, the platform panel shows each
turn's request to the bot and its raw reply, the reply rules' verdicts on it (the checks of
"run"), any escalation with LivePerson's error code, and the conversation's skill, TTR and state.
Without --kind, the built-in example bot answers.

Options:
  --channel messaging|chat   the conversation type the page starts with (default messaging)
  --record FILE              write the conversation as a transcript after every turn, for
                             "tpb-conformance replay" (the page's Save transcript does the same)
  --port N                   the page's port (default: any free one)
  --kind, --base-url, --bot-id, --environment, --function, and the authentication options of
  "tpb-conformance run" (--signing-key, --jwks-port, --token-url, ...), --config FILE

Stop it with Ctrl+C. Exit codes: 0 stopped, 2 bad options or the bot could not start.
`;

/** `tpb-conformance emulate`: the bot on the mock platform, a chat page, until `stopped`. */
export async function emulateCommand(
  args: string[],
  io: CliIo,
  checks: readonly Check[],
  stopped: Promise<unknown>,
): Promise<number> {
  const values = parseCommandArgs(
    'emulate',
    args,
    { channel: { type: 'string' }, record: { type: 'string' }, port: { type: 'string' } },
    { configFlags: true },
  );
  if (values.help) {
    io.stdout.write(emulateUsage);
    return 0;
  }
  const help = 'Run "tpb-conformance emulate --help" for its options.';
  const channel = (values.channel as string | undefined) ?? 'messaging';
  if (channel !== 'messaging' && channel !== 'chat') {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --channel "${channel}": use messaging or chat. ${help}`,
    );
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --port "${String(values.port)}": use a port number from 0 to 65535. ${help}`,
    );
  }
  const { config, cwd } = await resolveCommandConfig(values, io);
  if (config.kind === 'connector') {
    throw new HarnessError(
      'TPB_USAGE',
      `emulate plays the platform's bot connector, which calls a Custom Endpoint or a function; a connector logs in to UMS itself. Use "tpb-conformance mock" and chat through its control API instead. ${help}`,
    );
  }
  const scrubber = await scrubberFor(config, cwd);
  let built: BuiltContext | undefined;
  try {
    built = await startCandidate(config, {
      cwd,
      path: readCliEnvironment(io.env).path,
      scrubber,
    });
    const session = await EmulatorSession.start({
      context: built.context,
      checks,
      target: built.target,
      channel,
      ...(values.record ? { recordFile: resolve(cwd, values.record as string) } : {}),
    });
    try {
      const server = await startEmulatorServer(session, {
        port,
        targetText: describeTarget(built.target),
      });
      io.stdout.write(
        `tpb-conformance emulator for ${describeTarget(built.target)}\nOpen ${server.url}\n${values.record ? `Recording to ${resolve(cwd, values.record as string)}\n` : ''}Press Ctrl+C to stop.\n`,
      );
      await stopped;
      await server.close();
    } finally {
      await session.stop();
    }
    return 0;
  } catch (error) {
    throw scrubber.error(error);
  } finally {
    await built?.dispose();
  }
}
