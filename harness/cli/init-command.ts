import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configFileNames } from '../config/index.ts';
import { HarnessError } from '../harness-error.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';

export const initUsage = `Usage: tpb-conformance init [--force]

Writes tpb.config.ts in this directory: the options of "tpb-conformance run" as a typed
defineConfig() call, to fill in. Refuses to overwrite an existing file unless --force is given.
`;

/** The file `init` writes: valid as it stands (it certifies the built-in example bot). */
export const configTemplate = `import { defineConfig } from 'tpb-conformance';

// The options of "tpb-conformance run", in camelCase. Flags and TPB_* variables override them.
export default defineConfig({
  // Without a kind, the built-in example bot is certified. For your Custom Endpoint:
  // kind: 'custom-endpoint',
  // baseUrl: 'https://bot.example.com',
  // botId: 'my-bot',
  // environment: 'draft',
  //
  // How the harness authenticates (choose one):
  // signingKey: './private.pem', // "tpb-conformance keys generate"; pin public.pem in the bot
  // jwksPort: 8089, // the bot fetches http://127.0.0.1:8089/sentinel/well-known/jwks
  //
  // What the consumer types to make the bot transfer, close, send structured content, …:
  // utterances: { transfer: 'talk to an agent', close: 'goodbye' },
  // skills: ['human'],
  //
  // rules: ['CE-*', 'BOT-*'],
  // strict: false,
  reportDir: './tpb-report',
});
`;

/** `tpb-conformance init`: writes tpb.config.ts. */
export async function initCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs('init', args, { force: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(initUsage);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const [name] = configFileNames;
  const path = join(cwd, name);
  if (existsSync(path) && !values.force) {
    throw new HarnessError(
      'TPB_USAGE',
      `Failed to write ${name}: it already exists. Edit it, or pass --force to overwrite it.`,
    );
  }
  try {
    await writeFile(path, configTemplate, 'utf8');
  } catch (cause) {
    throw new HarnessError('TPB_CONFIG', `Failed to write ${path}: ${(cause as Error).message}.`, {
      cause,
    });
  }
  const shadowed = configFileNames.slice(1).filter((other) => existsSync(join(cwd, other)));
  io.stdout.write(
    [
      `Wrote ${name}. Fill in your target, then run "npx tpb-conformance run".`,
      ...(shadowed.length > 0
        ? [`Note: ${name} is read instead of ${shadowed.join(' and ')}.`]
        : []),
      '',
    ].join('\n'),
  );
  return 0;
}
