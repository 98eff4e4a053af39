/**
 * `tpb-conformance token`: the bearer a run sends, printed alone so that
 * `export TPB_TOKEN=$(npx tpb-conformance token --signing-key private.pem)` makes a report's curl
 * commands replayable. It verifies against the key's JWKS, carries the run's claims, and the
 * example Custom Endpoint pinning that key accepts it.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  importSPKI,
  jwtVerify,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCustomEndpoint, startExampleCustomEndpoint } from '../../mocks/index.ts';
import { resolveConfig } from '../config/index.ts';
import { buildContext } from '../runner/build-context.ts';
import { runCli, tempProject } from './test-support/run-cli.ts';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('./bin.js', import.meta.url));

const claimsFlags = ['--key-id', 'key-1', '--account-id', '87654321', '--client-id', 'my-client'];

let keys: string;
let publicKeyPem: string;
let bot: RunningCustomEndpoint;

beforeAll(async () => {
  keys = tempProject();
  expect((await runCli(['keys', 'generate'], { cwd: keys })).code).toBe(0);
  publicKeyPem = readFileSync(join(keys, 'public.pem'), 'utf8');
  bot = await startExampleCustomEndpoint({ auth: { publicKeyPem }, accountId: '87654321' });
});

afterAll(async () => {
  await bot?.close();
});

async function mint(args: string[]): Promise<string> {
  const result = await runCli(['token', ...args], { cwd: keys });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  // Only the token, on one line: `$(…)` takes it whole.
  expect(result.stdout).toMatch(/^eyJ[\w-]*\.[\w-]+\.[\w-]+\n$/);
  return result.stdout.trim();
}

const stateUrl = () => `${bot.baseUrl}/v1/bots/${bot.botId}/environments/${bot.environment}/state`;

describe('tpb-conformance token', () => {
  it("prints a token that verifies against the key's JWKS, with Sentinel's claims", async () => {
    const token = await mint(['--signing-key', 'private.pem', ...claimsFlags]);
    const jwk = { ...(await exportJWK(await importSPKI(publicKeyPem, 'RS256'))), kid: 'key-1' };
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createLocalJWKSet({ keys: [jwk] }),
      {
        algorithms: ['RS256'],
        issuer: 'Sentinel',
        audience: 'le87654321',
      },
    );
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'key-1' });
    expect(payload).toMatchObject({
      azp: 'my-client',
      scope: 'thirdpartybots.customendpoint.bot',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    expect(Math.abs((payload.iat ?? 0) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('carries the header and claims of the bearer a run sends with the same options', async () => {
    const flags = ['--signing-key', join(keys, 'private.pem'), ...claimsFlags];
    const printed = await mint(flags);
    const config = await resolveConfig({
      flags: {
        kind: 'custom-endpoint',
        'base-url': bot.baseUrl,
        'bot-id': bot.botId,
        'signing-key': join(keys, 'private.pem'),
        'key-id': 'key-1',
        'account-id': '87654321',
        'client-id': 'my-client',
      },
      cwd: keys,
      env: {},
    });
    const built = await buildContext(config);
    try {
      const sent = await built.context.bearer();
      const { iat: _sentIat, exp: _sentExp, ...sentClaims } = decodeJwt(sent);
      const { iat: _iat, exp: _exp, ...printedClaims } = decodeJwt(printed);
      expect(printedClaims).toEqual(sentClaims);
      expect(decodeProtectedHeader(printed)).toEqual(decodeProtectedHeader(sent));
    } finally {
      await built.dispose();
    }
  });

  it('mints a token the example Custom Endpoint pinning that key accepts (200 online)', async () => {
    const token = await mint(['--signing-key', 'private.pem', '--account-id', '87654321']);
    const response = await fetch(stateUrl(), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ state: 'online' });
    const forged = await fetch(stateUrl(), {
      headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(401);
  });

  it('reads the config file as a run does, and works inside $(…) from a shell', async () => {
    const cwd = tempProject();
    writeFileSync(
      join(cwd, 'tpb.config.json'),
      JSON.stringify({ signingKey: join(keys, 'private.pem'), accountId: '87654321' }),
    );
    const { stdout } = await run(
      'sh',
      [
        '-c',
        `export TPB_TOKEN=$(node "${bin}" token) && curl -sS -H "authorization: Bearer $TPB_TOKEN" '${stateUrl()}'`,
      ],
      { cwd, env: { PATH: process.env.PATH } },
    );
    expect(JSON.parse(stdout)).toMatchObject({ state: 'online' });
  });

  it('is listed in the usage, with its own help', async () => {
    expect((await runCli(['--help'])).stdout).toContain('  token --signing-key FILE');
    const help = await runCli(['help', 'token']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tpb-conformance token --signing-key FILE/);
    expect(help.stdout).toContain(
      'export TPB_TOKEN=$(npx tpb-conformance token --signing-key private.pem)',
    );
  });

  it.each([
    [
      [],
      /^tpb-conformance: Failed to mint a token: no signing key\. Pass --signing-key private\.pem .*keys generate.*\(TPB_USAGE\)$/,
    ],
    [
      ['--signing-key', 'missing.pem'],
      /^tpb-conformance: Failed to read --signing-key missing\.pem: ENOENT.*\(TPB_CONFIG\)$/,
    ],
    [
      ['--signing-key', 'public.pem'],
      /^tpb-conformance: Failed to load --signing-key public\.pem: it is not an RSA private key in PKCS#8 PEM\. .*\(TPB_CONFIG\)$/,
    ],
    [
      ['--signing-key'],
      /^tpb-conformance: Option '--signing-key <value>' argument missing\. Run "tpb-conformance token --help" for its options\. \(TPB_USAGE\)$/,
    ],
    [['--signing-kye', 'private.pem'], /Did you mean --signing-key\?/],
    [
      ['--signing-key', 'private.pem', 'extra'],
      /^tpb-conformance: Unexpected argument 'extra'.*\(TPB_USAGE\)$/,
    ],
  ])('exits 2 with one message and prints no token for token %j', async (args, message) => {
    const result = await runCli(['token', ...args], { cwd: keys });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });
});
