import { type ResolvedConfig, resolveConfig } from '../config/index.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';

/**
 * The start of every command that takes the config flags (`run`, `test-connection`, `token`):
 * its usage on `--help` (then undefined), otherwise the config resolved from its flags, the
 * environment and the config file, with the resolver's notes on stderr.
 */
export async function commandConfig(
  command: string,
  args: string[],
  io: CliIo,
  usage: string,
): Promise<{ config: ResolvedConfig; cwd: string } | undefined> {
  const values = parseCommandArgs(command, args, {}, { configFlags: true });
  if (values.help) {
    io.stdout.write(usage);
    return undefined;
  }
  return resolveCommandConfig(values, io);
}

/**
 * A command's config from its parsed flags, the environment and the config file, relative to the
 * command's working directory, with the resolver's notes on stderr.
 */
export async function resolveCommandConfig(
  flags: Record<string, unknown>,
  io: CliIo,
): Promise<{ config: ResolvedConfig; cwd: string }> {
  const cwd = io.cwd ?? process.cwd();
  const config = await resolveConfig({
    flags,
    cwd,
    ...(io.env ? { env: io.env } : {}),
    onNote: (note) => io.stderr.write(`tpb-conformance: note: ${note}\n`),
  });
  return { config, cwd };
}
