import { resolve } from 'node:path';
import { HarnessError } from '../harness-error.ts';
import { pactConsumerName, writePlatformContract } from '../pact/platform-contract.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';

const defaultProvider = 'Custom-Endpoint-Bot';

export const pactGenerateUsage = `Usage: tpb-conformance pact generate [--out DIR] [--provider NAME]

Writes the platform's consumer contract for a Custom Endpoint: consumer ${pactConsumerName},
recorded by Pact's own library while the engine's Custom Endpoint caller talks to Pact's mock
server (E2 state, E3 create, E4 TEXT, START with and without lastConsumerMessage, RICH_CONTENT,
an unknown conversation, a missing token). Matchers say what the platform requires: the status
codes the spec allows, regexes on ids and types, every reply item alike. The provider states
are listed in docs/pact.md.

Options:
  --out DIR         where the pact file goes (default pacts/)
  --provider NAME   the provider's name in the contract (default ${defaultProvider})

Exit codes: 0 written, 2 bad options or the contract could not be written.
`;

/** `tpb-conformance pact generate`: the platform's contract, written by Pact. */
export async function pactGenerateCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs('pact generate', args, {
    out: { type: 'string' },
    provider: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(pactGenerateUsage);
    return 0;
  }
  const dir = resolve(io.cwd ?? process.cwd(), (values.out as string | undefined) ?? 'pacts');
  const provider = (values.provider as string | undefined) ?? defaultProvider;
  // The name is part of the file name, as Pact writes it.
  if (!/^[\w.-]+$/.test(provider)) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --provider "${provider}": use letters, digits, ".", "_" and "-". Run "tpb-conformance pact generate --help" for its options.`,
    );
  }
  const file = await writePlatformContract({ dir, provider });
  io.stdout.write(`Wrote the contract of ${pactConsumerName} with ${provider}: ${file}\n`);
  return 0;
}
