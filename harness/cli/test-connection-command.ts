import { assertNever } from '../../mocks/index.ts';
import { HarnessError } from '../harness-error.ts';
import { buildContext } from '../runner/build-context.ts';
import type { CliIo } from './cli-io.ts';
import { commandConfig } from './command-config.ts';
import { getState } from './preflight.ts';
import { scrubberFor } from './run-certification.ts';

export const testConnectionUsage = `Usage: tpb-conformance test-connection [options]

Does what LivePerson's bot wizard does on "Test Connection": gets a token, then calls
GET {baseUrl}/v1/bots/{botId}/environments/{environment}/state. It passes when the answer is 200
with the JSON state "online". Without --kind, the built-in example bot is tested.

Options: the target and authentication options of "tpb-conformance run" (--kind custom-endpoint,
--base-url, --bot-id, --environment, --signing-key, --key-id, --jwks-port, --token-url,
--client-id, --client-secret, --account-id, --timeout-ms, --config), from flags, TPB_* variables
or the config file.

Exit codes: 0 passed, 1 the endpoint answered but not 200 + "online", 2 it could not be reached
or the options are wrong.
`;

const bodyShown = 300;

/** `tpb-conformance test-connection`: the wizard's Test Connection against a Custom Endpoint. */
export async function testConnectionCommand(args: string[], io: CliIo): Promise<number> {
  const started = await commandConfig('test-connection', args, io, testConnectionUsage);
  if (!started) return 0;
  const { config, cwd } = started;
  switch (config.kind) {
    case undefined:
    case 'custom-endpoint':
      break;
    case 'faas':
    case 'connector':
      throw new HarnessError(
        'TPB_USAGE',
        `test-connection checks a Custom Endpoint, not a ${config.kind} target. Use --kind custom-endpoint, or no kind for the built-in example bot.`,
      );
    default:
      assertNever(config.kind);
  }
  const scrubber = await scrubberFor(config, cwd);
  const print = (text: string) => io.stdout.write(scrubber.text(text));
  try {
    const built = await buildContext(config);
    try {
      const response = await getState(built.context);
      const url = response.evidence.request.url;
      const state = (response.json as { state?: unknown } | undefined)?.state;
      const body =
        response.text.length > bodyShown ? `${response.text.slice(0, bodyShown)}…` : response.text;
      if (response.status === 200 && state === 'online') {
        print(
          `Test Connection passed: GET ${url} answered 200 ${body} in ${Math.round(response.durationMs)} ms.\n`,
        );
        return 0;
      }
      const why =
        response.status !== 200
          ? `answered ${response.status}`
          : typeof state === 'string'
            ? `answered 200 with state ${JSON.stringify(state)}`
            : 'answered 200 without a string "state"';
      print(
        [
          `Test Connection failed: GET ${url} ${why}; expected 200 with the JSON state "online" (lower case). The bot would not start (see CE-STATE-01, CE-STATE-02).`,
          `  response: ${response.status} ${body || '(empty body)'}`,
          `  request:  ${response.evidence.curl}`,
          '',
        ].join('\n'),
      );
      return 1;
    } finally {
      await built.dispose();
    }
  } catch (error) {
    throw scrubber.error(error);
  }
}
