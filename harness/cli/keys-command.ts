import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { HarnessError } from '../harness-error.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';

export const keysUsage = `Usage: tpb-conformance keys generate [--out DIR] [--force]

Writes an RS256 key pair (RSA 2048) for --signing-key: DIR/private.pem (PKCS#8, keep it secret)
and DIR/public.pem (SPKI, pin it in your Custom Endpoint in place of LivePerson's Sentinel key).
DIR defaults to the current directory. Refuses to overwrite existing files unless --force.
`;

/** `tpb-conformance keys generate`: a key pair for --signing-key. */
export async function keysCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '-h' || sub === '--help') {
    io.stdout.write(keysUsage);
    return 0;
  }
  if (sub !== 'generate') {
    throw new HarnessError(
      'TPB_USAGE',
      `${sub === undefined ? 'Missing' : `Unknown`} keys subcommand${sub === undefined ? '' : ` "${sub}"`}: expected "keys generate [--out DIR]".`,
    );
  }
  const values = parseCommandArgs('keys generate', rest, {
    out: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(keysUsage);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const dir = resolve(cwd, (values.out as string | undefined) ?? '.');
  const privatePath = join(dir, 'private.pem');
  const publicPath = join(dir, 'public.pem');
  const existing = [privatePath, publicPath].find((path) => existsSync(path));
  if (existing && !values.force) {
    throw new HarnessError(
      'TPB_USAGE',
      `Failed to write ${shown(existing, cwd)}: it already exists. Choose another --out DIR, or pass --force to replace the key pair.`,
    );
  }
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    modulusLength: 2048,
    extractable: true,
  });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  try {
    await mkdir(dir, { recursive: true });
    // --force replaces the files rather than rewriting them: a rewritten file keeps its mode, so
    // a private.pem that others could read would hand them the new key.
    await Promise.all([privatePath, publicPath].map((path) => rm(path, { force: true })));
    await writeFile(privatePath, await exportPKCS8(privateKey), { mode: 0o600, flag: 'wx' });
    await writeFile(publicPath, await exportSPKI(publicKey), { mode: 0o644, flag: 'wx' });
  } catch (cause) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to write the key pair to ${dir}: ${(cause as Error).message}.`,
      {
        cause,
      },
    );
  }
  io.stdout.write(
    [
      `Wrote ${shown(privatePath, cwd)} (PKCS#8, RS256 2048; keep it secret) and ${shown(publicPath, cwd)} (SPKI).`,
      `kid: ${kid} (its RFC 7638 thumbprint)`,
      '',
      `Pin ${shown(publicPath, cwd)} in your Custom Endpoint as the key that signs the platform's tokens`,
      "(in place of LivePerson's Sentinel JWKS), then certify it with:",
      `  npx tpb-conformance run --kind custom-endpoint --base-url URL --bot-id ID --signing-key ${shown(privatePath, cwd)} --key-id ${kid}`,
      'Without --key-id the tokens carry kid "tpb-conformance".',
      '',
    ].join('\n'),
  );
  return 0;
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
