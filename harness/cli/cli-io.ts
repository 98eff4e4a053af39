import type { Environment } from '../config/resolve-config.ts';

/** Where a command reads and writes; tests pass their own streams, environment and directory. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Default `process.env`; only the config resolver reads it. */
  env?: Environment;
  /** Default `process.cwd()`: where config files, tpb.config.ts and the reports go. */
  cwd?: string;
}
