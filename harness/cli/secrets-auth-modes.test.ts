/**
 * Lock-down (issue 13): in every Custom Endpoint auth mode of `tpb-conformance run`, no secret
 * reaches stdout, stderr or any file of the report directory: not the client secret, not a line of
 * a private key, not the mock's agent password or control token, and no bearer token.
 *
 * Each run selects the CE rules and BOT-REPLY-01, so the engine session (and its conversations in
 * the reports) runs too. The mock clouds a run starts are watched through `readyInfo`, which
 * `run` calls once per run, so their credentials are known to the test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MockCloud,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../../mocks/index.ts';
import type { MockReadyInfo } from '../../schemas/index.ts';
import { type CliResult, runCli, tempProject } from './test-support/run-cli.ts';

/** A JWS compact token, as any bearer the harness or a Sentinel minted would look. */
const bearerShape = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;
const rules = 'CE-*,BOT-REPLY-01';

/** Named secrets a run must not print or write, and private keys none of whose lines may appear. */
interface Secrets {
  values: Array<[label: string, value: string]>;
  privateKeys: Array<[label: string, pem: string]>;
}

/** The base64 lines of a PEM, without its armour. */
function pemBody(pem: string): string[] {
  return pem
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('-----'));
}

/** Every file under `dir`, recursively, with its path relative to `dir`. */
function readTree(dir: string, prefix = ''): Array<[name: string, content: string]> {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    const name = prefix ? `${prefix}/${entry}` : entry;
    return statSync(path).isDirectory()
      ? readTree(path, name)
      : [[name, readFileSync(path, 'utf8')] as [string, string]];
  });
}

/** The secrets a mock cloud hands out: what `tpb-conformance mock` prints, and its TLS keys. */
function cloudSecrets(cloud: MockCloud, info: MockReadyInfo, label: string): Secrets {
  return {
    values: [
      [`${label} agent password`, info.agent.password],
      [`${label} control token`, info.controlToken],
      [`${label} Sentinel client secret`, info.sentinel.clientSecret],
    ],
    privateKeys: [[`${label} TLS key`, cloud.certificates.keyPem]],
  };
}

/** Records every cloud whose ready info a run reads, and the secrets each holds. */
function watchRunClouds(): { clouds: MockCloud[]; secrets: Secrets[] } {
  const original = MockCloud.prototype.readyInfo;
  const seen: { clouds: MockCloud[]; secrets: Secrets[] } = { clouds: [], secrets: [] };
  vi.spyOn(MockCloud.prototype, 'readyInfo').mockImplementation(function (this: MockCloud) {
    const info = original.call(this);
    seen.clouds.push(this);
    seen.secrets.push(cloudSecrets(this, info, 'run mock'));
    return info;
  });
  return seen;
}

function merge(...all: Secrets[]): Secrets {
  return {
    values: all.flatMap((secrets) => secrets.values),
    privateKeys: all.flatMap((secrets) => secrets.privateKeys),
  };
}

/**
 * Asserts the run completed and wrote its reports with the session's conversations, then that no
 * output holds any of the secrets. Returns how many outputs were read.
 */
function expectNoSecrets(result: CliResult, reportDir: string, secrets: Secrets): number {
  // Whatever the verdict, the run completed and wrote every report.
  expect(result.code, result.stderr).toBeLessThan(2);
  const files = readTree(reportDir);
  expect(files.map(([name]) => name)).toEqual(
    expect.arrayContaining(['index.html', 'report.json', 'junit.xml', 'summary.md']),
  );
  // The engine session ran: its conversation with the example bot is in the report.
  expect(files.find(([name]) => name === 'index.html')?.[1]).toContain('Hello there');

  expect(secrets.values.length).toBeGreaterThan(0);
  for (const [label, value] of secrets.values) {
    expect(value.length, `${label} is a real secret`).toBeGreaterThanOrEqual(8);
  }
  const pemLines = secrets.privateKeys.flatMap(([label, pem]) =>
    pemBody(pem).map((line) => [label, line] as const),
  );
  expect(pemLines.length).toBeGreaterThan(0);

  const outputs: Array<[string, string]> = [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
    ...files,
  ];
  for (const [name, content] of outputs) {
    for (const [label, value] of secrets.values) {
      expect(content.includes(value), `${name} holds the ${label}`).toBe(false);
    }
    expect(content, name).not.toContain('PRIVATE KEY');
    for (const [label, line] of pemLines) {
      expect(content.includes(line), `${name} holds a line of the ${label}`).toBe(false);
    }
    expect(content, name).not.toMatch(bearerShape);
  }
  return outputs.length;
}

/**
 * Asserts report.json names the auth mode, and that the candidate accepted the run's tokens on
 * the direct calls (CE-AUTH-01) and through the engine session (BOT-REPLY-01).
 */
function expectAuth(result: CliResult, reportDir: string, auth: string): void {
  expect(result.code, result.stderr).toBeLessThan(2);
  const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as {
    target: { auth?: string };
    results: Array<{ ruleId: string; status: string; message: string }>;
  };
  expect(report.target.auth).toBe(auth);
  for (const ruleId of ['CE-AUTH-01', 'BOT-REPLY-01']) {
    const finding = report.results.find((each) => each.ruleId === ruleId);
    expect(finding?.status, finding?.message).toBe('pass');
  }
}

/** A port that was free a moment ago, for --jwks-port. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('secrets in every Custom Endpoint auth mode', { timeout: 60_000 }, () => {
  const closers: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('the bearer shape matches a real Sentinel token (the probe works)', async () => {
    const cloud = await MockCloud.start();
    closers.push(() => cloud.stop());
    const token = await cloud.sentinel.issue({
      accountId: cloud.account.accountId,
      clientId: cloud.app.clientId,
      scope: cloud.app.scope,
    });
    expect(token).toMatch(bearerShape);
  });

  it('(a) built-in example bot, no flags', async () => {
    const cwd = tempProject();
    const reportDir = join(cwd, 'report');
    const run = watchRunClouds();
    const result = await runCli(['run', '--rules', rules, '--report-dir', reportDir], { cwd });
    expect(run.clouds).toHaveLength(1);
    expectAuth(result, reportDir, 'jwks');
    expect(expectNoSecrets(result, reportDir, merge(...run.secrets))).toBeGreaterThanOrEqual(6);
  });

  describe('a Custom Endpoint of the candidate', () => {
    let keys: string;
    let privatePem: string;

    beforeAll(async () => {
      keys = tempProject();
      expect((await runCli(['keys', 'generate', '--out', keys], { cwd: keys })).code).toBe(0);
      privatePem = readFileSync(join(keys, 'private.pem'), 'utf8');
    });

    async function candidate(
      auth: Parameters<typeof startExampleCustomEndpoint>[0]['auth'],
    ): Promise<RunningCustomEndpoint> {
      const bot = await startExampleCustomEndpoint({ auth });
      closers.push(() => bot.close());
      return bot;
    }

    const target = (bot: RunningCustomEndpoint) => [
      '--kind',
      'custom-endpoint',
      '--base-url',
      bot.baseUrl,
      '--bot-id',
      bot.botId,
    ];

    it('(b) --signing-key FILE', async () => {
      const bot = await candidate({
        publicKeyPem: readFileSync(join(keys, 'public.pem'), 'utf8'),
      });
      const cwd = tempProject();
      const reportDir = join(cwd, 'report');
      const run = watchRunClouds();
      const result = await runCli(
        [
          'run',
          ...target(bot),
          '--signing-key',
          join(keys, 'private.pem'),
          '--rules',
          rules,
          '--report-dir',
          reportDir,
        ],
        { cwd },
      );
      expect(run.clouds).toHaveLength(1);
      expectAuth(result, reportDir, 'signing-key');
      expectNoSecrets(
        result,
        reportDir,
        merge(...run.secrets, { values: [], privateKeys: [['signing key', privatePem]] }),
      );
    });

    it('(c) --jwks-port PORT', async () => {
      const port = await freePort();
      const bot = await candidate({
        jwksUrl: `http://127.0.0.1:${port}/sentinel/well-known/jwks`,
      });
      const cwd = tempProject();
      const reportDir = join(cwd, 'report');
      const run = watchRunClouds();
      const result = await runCli(
        [
          'run',
          ...target(bot),
          '--jwks-port',
          String(port),
          '--rules',
          rules,
          '--report-dir',
          reportDir,
        ],
        { cwd },
      );
      expect(run.clouds).toHaveLength(1);
      expectAuth(result, reportDir, 'jwks');
      expectNoSecrets(result, reportDir, merge(...run.secrets));
    });

    it('(d) --token-url URL --client-id ID --client-secret S (a Sentinel of another mock)', async () => {
      // The "real" Sentinel: a mock cloud of its own, as `tpb-conformance mock` runs it. Its
      // token endpoint is asked over the plain-HTTP port, since the run trusts no test CA.
      const sentinel = await MockCloud.start();
      closers.push(() => sentinel.stop());
      const info = sentinel.readyInfo();
      const tokenUrl = `${sentinel.urls.http}/sentinel/api/v2/account/${info.accountId}/app/token`;
      const issued = vi.spyOn(sentinel.sentinel, 'issue');
      const run = watchRunClouds();
      // The candidate trusts that Sentinel only, so the engine's bots must take their bearer from
      // it too (they once took it from the run's own mock Sentinel and failed Test Connection).
      const bot = await candidate({
        jwksUrl: sentinel.urls.jwksUrl,
        ca: sentinel.certificates.caCertPem,
      });
      const cwd = tempProject();
      const reportDir = join(cwd, 'report');
      const result = await runCli(
        [
          'run',
          ...target(bot),
          '--token-url',
          tokenUrl,
          '--client-id',
          info.sentinel.clientId,
          '--client-secret',
          info.sentinel.clientSecret,
          '--rules',
          rules,
          '--report-dir',
          reportDir,
        ],
        { cwd },
      );
      expect(run.clouds).toHaveLength(1);
      expectAuth(result, reportDir, 'client-credentials');
      // The harness's own calls carried the Sentinel's tokens, and the candidate accepted them.
      expect(issued).toHaveBeenCalled();
      expectNoSecrets(
        result,
        reportDir,
        merge(...run.secrets, cloudSecrets(sentinel, info, 'Sentinel mock'), {
          values: [['client secret', info.sentinel.clientSecret]],
          privateKeys: [],
        }),
      );
    });
  });
});
