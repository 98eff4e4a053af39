import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importPKCS8 } from 'jose';
import { HarnessError } from '../harness-error.ts';
import type { TokenMinterOptions } from './token-minter.ts';

/**
 * The private key of --signing-key (PKCS#8 PEM, RS256), read the one way a run and
 * `tpb-conformance token` both read it, so that both sign with the same key.
 */
export async function readSigningKey(
  path: string,
  cwd: string = process.cwd(),
): Promise<TokenMinterOptions['privateKey']> {
  const pem = await readFile(resolve(cwd, path), 'utf8').catch((cause) => {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to read --signing-key ${path}: ${(cause as Error).message}.`,
      { cause },
    );
  });
  return importPKCS8(pem, 'RS256').catch((cause) => {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to load --signing-key ${path}: it is not an RSA private key in PKCS#8 PEM. Make one with "tpb-conformance keys generate".`,
      { cause },
    );
  });
}
