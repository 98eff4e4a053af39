/**
 * `tpb-conformance test-connection`: the wizard's Test Connection (custom-endpoint.md §8.1):
 * a token, then GET …/state; passes iff 200 and state "online".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokenBot,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../../mocks/index.ts';
import { runCli, tempProject } from './test-support/run-cli.ts';

let keys: string;
let example: RunningCustomEndpoint;
let upperCase: RunningCustomEndpoint;

beforeAll(async () => {
  keys = tempProject();
  expect((await runCli(['keys', 'generate', '--out', keys])).code).toBe(0);
  const publicKeyPem = readFileSync(join(keys, 'public.pem'), 'utf8');
  example = await startExampleCustomEndpoint({ auth: { publicKeyPem } });
  const broken = brokenBot('upper-case-state');
  if (!broken) throw new Error('no upper-case-state bot in the zoo');
  upperCase = await broken.start({ auth: { publicKeyPem } });
});

afterAll(async () => {
  await example?.close();
  await upperCase?.close();
});

const target = (bot: { baseUrl: string; botId: string }) => [
  '--kind',
  'custom-endpoint',
  '--base-url',
  bot.baseUrl,
  '--bot-id',
  bot.botId,
  '--signing-key',
  join(keys, 'private.pem'),
];

describe('tpb-conformance test-connection', () => {
  it('passes (exit 0) against the example bot that pins our key', async () => {
    const result = await runCli(['test-connection', ...target(example)]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^Test Connection passed: GET http:\/\/127\.0\.0\.1:\d+\/v1\/bots\/.+\/environments\/draft\/state answered 200 \{"state":"online"/,
    );
  });

  it('fails (exit 1) against a bot reporting "ONLINE", with the request to replay', async () => {
    const result = await runCli(['test-connection', ...target(upperCase)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'answered 200 with state "ONLINE"; expected 200 with the JSON state "online"',
    );
    expect(result.stdout).toContain('curl');
    expect(result.stdout).not.toMatch(/eyJ[\w-]*\.[\w-]+\./);
  });

  it('fails (exit 1) when the token is not accepted', async () => {
    const other = tempProject();
    expect((await runCli(['keys', 'generate', '--out', other])).code).toBe(0);
    const args = target(example).map((arg) =>
      arg.startsWith(keys) ? join(other, 'private.pem') : arg,
    );
    const result = await runCli(['test-connection', ...args]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/state answered 401;/);
  });

  it('tests the built-in example bot without a target', async () => {
    expect((await runCli(['test-connection'])).code).toBe(0);
  });

  it.each([
    [
      ['--kind', 'faas', '--function', 'f.js'],
      /test-connection checks a Custom Endpoint, not a faas target/,
    ],
    [['--json'], /Unknown option '--json'/],
  ])('exits 2 with one message for %j', async (args, message) => {
    const result = await runCli(['test-connection', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 when --jwks-port is taken', async () => {
    const port = new URL(example.baseUrl).port;
    const args = ['--kind', 'custom-endpoint', '--base-url', example.baseUrl, '--bot-id', 'b'];
    const result = await runCli(['test-connection', ...args, '--jwks-port', port]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^tpb-conformance: Failed to serve the JWKS on port ${port}: .*\\(TPB_CONFIG\\)\n$`,
      ),
    );
  });

  it('exits 2 when the endpoint does not answer at all', async () => {
    const args = target({ baseUrl: 'http://127.0.0.1:1', botId: 'b' });
    const result = await runCli(['test-connection', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/got no response .*\(TPB_UNREACHABLE\)\n$/);
  });
});
