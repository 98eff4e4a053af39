import { type ParseArgsConfig, parseArgs } from 'node:util';
import { configFlagOptions } from '../config/index.ts';
import { HarnessError } from '../harness-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's flags strictly; a flag it does not know, or a missing value, is one
 * TPB_USAGE message that points at the command's help.
 */
export function parseCommandArgs(
  command: string,
  args: string[],
  options: Options,
  { configFlags = false }: { configFlags?: boolean } = {},
): Record<string, unknown> {
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...(configFlags ? { ...configFlagOptions(), config: { type: 'string' } } : {}),
        ...options,
        help: { type: 'boolean', short: 'h' },
      },
    });
    return values as Record<string, unknown>;
  } catch (cause) {
    const reason = (cause as Error).message.replace(/\.$/, '');
    throw new HarnessError(
      'TPB_USAGE',
      `${reason}. Run "tpb-conformance ${command} --help" for its options.`,
      { cause },
    );
  }
}
