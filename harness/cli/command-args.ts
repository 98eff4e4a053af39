import { type ParseArgsConfig, parseArgs } from 'node:util';
import { configFlagOptions } from '../config/index.ts';
import { HarnessError } from '../harness-error.ts';
import { didYouMean } from './did-you-mean.ts';

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
  const known: Options = {
    ...(configFlags ? { ...configFlagOptions(), config: { type: 'string' } } : {}),
    ...options,
    help: { type: 'boolean', short: 'h' },
  };
  try {
    const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: known });
    return values as Record<string, unknown>;
  } catch (cause) {
    throw usageError(command, cause, Object.keys(known));
  }
}

/**
 * The TPB_USAGE error for a parseArgs failure: its reason, a "did you mean" when an unknown
 * flag is a typo of a known one, and where the command's options are listed.
 */
export function usageError(
  command: string,
  cause: unknown,
  flags: readonly string[],
): HarnessError {
  const reason = (cause as Error).message.replace(/\.$/, '');
  const unknown =
    (cause as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? /'--([^'=]+)/.exec(reason)?.[1]
      : undefined;
  const guess = unknown === undefined ? undefined : didYouMean(unknown, flags);
  return new HarnessError(
    'TPB_USAGE',
    `${reason}.${guess ? ` Did you mean --${guess}?` : ''} Run "tpb-conformance ${command} --help" for its options.`,
    { cause },
  );
}
