import { defaultTokenLifetimeSeconds } from '../../mocks/index.ts';
import { HarnessError } from '../harness-error.ts';
import { readSigningKey } from '../runner/signing-key.ts';
import { customEndpointScope, TokenMinter } from '../runner/token-minter.ts';
import type { CliIo } from './cli-io.ts';
import { commandConfig } from './command-config.ts';

export const tokenUsage = `Usage: tpb-conformance token --signing-key FILE [--key-id ID] [--account-id ID] [--client-id ID]

Prints a bearer token your Custom Endpoint accepts, and nothing else, so that
  export TPB_TOKEN=$(npx tpb-conformance token --signing-key private.pem)
sets the variable the curl commands of a report read. The token is the one a run sends: signed
RS256 with the key of --signing-key (kid --key-id) and carrying Sentinel's claims (iss
Sentinel, aud le<account-id>, azp <client-id>, scope ${customEndpointScope}),
valid for ${defaultTokenLifetimeSeconds / 60} minutes.

Options: those of "tpb-conformance run", read as a run reads them (flags, then TPB_* variables,
then the config file), so the run's own command line mints the run's token:
  --signing-key FILE   The RSA private key (PKCS#8 PEM) your bot pins; make one with
                       "tpb-conformance keys generate".
  --key-id ID          The token's kid; default tpb-conformance.
  --account-id ID      The account in aud; default 12345678.
  --client-id ID       The client in azp; default tpb-conformance.
  --config FILE        The config file; default tpb.config.ts, .json or .mjs here.

Exit codes: 0 printed, 2 no usable key or bad options.
`;

/** `tpb-conformance token`: the bearer a run sends, for replaying a report's curl commands. */
export async function tokenCommand(args: string[], io: CliIo): Promise<number> {
  const started = await commandConfig('token', args, io, tokenUsage);
  if (!started) return 0;
  const { config, cwd } = started;
  if (!config.signingKey) {
    // A run without --signing-key signs with the mock Sentinel's key, which ends with the run.
    throw new HarnessError(
      'TPB_USAGE',
      'Failed to mint a token: no signing key. Pass --signing-key private.pem (or TPB_SIGNING_KEY, or signingKey in the config file): the private key whose public half your bot pins. Make a pair with "tpb-conformance keys generate".',
    );
  }
  const minter = new TokenMinter({
    privateKey: await readSigningKey(config.signingKey, cwd),
    kid: config.keyId,
    accountId: config.accountId,
    clientId: config.clientId,
  });
  io.stdout.write(`${await minter.mint()}\n`);
  return 0;
}
