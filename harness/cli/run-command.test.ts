/**
 * `tpb-conformance run` (issue 5): config → context → preflight → rules → reports → exit code.
 * Unit runs are restricted with --rules to stay fast; bin.test.ts runs the whole catalogue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenBot, type RunningCustomEndpoint } from '../../mocks/index.ts';
import { validate } from '../../schemas/index.ts';
import { runCli, tempProject } from './test-support/run-cli.ts';

let keys: string;
let publicKeyPem: string;

beforeAll(async () => {
  keys = tempProject();
  const generated = await runCli(['keys', 'generate', '--out', keys]);
  expect(generated.code).toBe(0);
  publicKeyPem = readFileSync(join(keys, 'public.pem'), 'utf8');
});

function readReport(dir: string): unknown {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
}

describe('tpb-conformance run', () => {
  it('certifies the built-in example bot: exit 0, a valid report.json and the other reports', async () => {
    const cwd = tempProject();
    const result = await runCli(['run', '--rules', 'CE-STATE-*'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^tpb-conformance .*: the built-in example bot, a Custom Endpoint/,
    );
    expect(result.stdout).toContain('Verdict: PASS. Every MUST rule passed.');
    expect(result.stdout).toContain(
      'Reports: tpb-report/index.html (and report.json, junit.xml, summary.md, pact.json)',
    );
    expect(result.stdout).not.toContain('\r');
    const dir = join(cwd, 'tpb-report');
    expect(readdirSync(dir).sort()).toEqual([
      'index.html',
      'junit.xml',
      'pact.json',
      'report.json',
      'summary.md',
    ]);
    const report = validate('report', readReport(dir));
    expect(report.issues).toEqual([]);
    if (!report.ok) return;
    expect(report.value.verdict).toBe('pass');
    // The platform's contract, vouched for by this passing run.
    const pact = validate(
      'pact-contract',
      JSON.parse(readFileSync(join(dir, 'pact.json'), 'utf8')),
    );
    expect(pact.issues).toEqual([]);
    const { botId, environment } = report.value.target as { botId: string; environment: string };
    expect(pact.ok && pact.value.provider.name).toBe(botId);
    expect(pact.ok && pact.value.metadata?.['tpb-conformance']?.run).toEqual({
      verdict: 'pass',
      startedAt: report.value.startedAt,
      botId,
      environment,
    });
    expect(report.value.target).toMatchObject({
      kind: 'custom-endpoint',
      builtIn: true,
      auth: 'jwks',
    });
    expect(report.value.results.map((finding) => finding.ruleId)).toEqual([
      'CE-STATE-01',
      'CE-STATE-02',
      'CE-STATE-03',
      'CE-STATE-04',
      'CE-STATE-05',
      'CE-STATE-06',
    ]);
  });

  it('shows one updating progress line on a terminal, and none in CI', async () => {
    const onTerminal = await runCli(
      ['run', '--rules', 'CE-STATE-0*', '--report-dir', tempProject()],
      {
        tty: true,
      },
    );
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stdout).toContain('\r\x1b[2K[1/6] CE-STATE-01 …');
    expect(onTerminal.stdout).toContain('\r\x1b[2K[6/6] CE-STATE-06 …');
    const inCi = await runCli(['run', '--rules', 'CE-STATE-0*', '--report-dir', tempProject()], {
      tty: true,
      env: { CI: 'true' },
    });
    expect(inCi.code).toBe(0);
    expect(inCi.stdout).not.toContain('\r');
  });

  describe('against a Custom Endpoint that pins our signing key', () => {
    let bot: RunningCustomEndpoint;

    beforeAll(async () => {
      bot = await (brokenBot('upper-case-state')?.start({ auth: { publicKeyPem } }) ??
        Promise.reject(new Error('no upper-case-state bot in the zoo')));
    });
    afterAll(() => bot.close());

    it('exits 1 when a MUST rule fails, and names it', async () => {
      const reportDir = tempProject();
      const result = await runCli([
        'run',
        '--kind',
        'custom-endpoint',
        '--base-url',
        bot.baseUrl,
        '--bot-id',
        bot.botId,
        '--signing-key',
        join(keys, 'private.pem'),
        '--rules',
        'CE-STATE-0*',
        '--report-dir',
        reportDir,
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL {2}CE-STATE-02 \(MUST\)/);
      expect(result.stdout).toContain('Verdict: FAIL.');
      // A failing run writes no contract: none vouches for this bot.
      expect(readdirSync(reportDir)).not.toContain('pact.json');
      expect(result.stdout).toContain('(and report.json, junit.xml, summary.md)');
      // The failed rule's title, its message (what to do) and where it is documented.
      expect(result.stdout).toMatch(/FAIL {2}CE-STATE-02 \(MUST\) Bot state online: CE-STATE-02: /);
      expect(result.stdout).toContain(
        'see https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html',
      );
      const report = validate('report', readReport(reportDir));
      expect(report.ok && report.value.target).toMatchObject({
        auth: 'signing-key',
        keyId: 'tpb-conformance',
      });
      expect(
        report.ok && report.value.results.find((each) => each.ruleId === 'CE-STATE-02'),
      ).toMatchObject({
        title: 'Bot state online',
        docs: [
          'https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html',
          'https://developers.liveperson.com/third-party-bots-custom-endpoint-introduction.html',
        ],
      });
    });
  });

  it('exits 2 and writes reports, but gives no verdict, when every selected rule was skipped', async () => {
    const reportDir = tempProject();
    const result = await runCli(['run', '--rules', 'FAAS-0*', '--report-dir', reportDir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Verdict: NO VERDICT: every selected rule was skipped');
    expect(readdirSync(reportDir)).toContain('report.json');
  });

  it('certifies a LivePerson Function module', async () => {
    const result = await runCli([
      'run',
      '--kind',
      'faas',
      '--function',
      'mocks/bots/example-function.ts',
      '--rules',
      'FAAS-01',
      '--report-dir',
      tempProject(),
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it.each([
    [
      [
        '--kind',
        'custom-endpoint',
        '--base-url',
        'http://127.0.0.1:1',
        '--bot-id',
        'b',
        '--jwks-port',
        '0',
      ],
      /^tpb-conformance: Invalid --jwks-port: expected a number >= 1, got 0\. \(TPB_USAGE\)$/,
    ],
    [
      [
        '--kind',
        'custom-endpoint',
        '--base-url',
        'http://127.0.0.1:1',
        '--bot-id',
        'b',
        '--signing-key',
        'KEY',
      ],
      /^tpb-conformance: Failed to reach the Custom Endpoint: GET http:\/\/127\.0\.0\.1:1\/v1\/bots\/b\/environments\/draft\/state got no response \(.*ECONNREFUSED.*\)\. Check --base-url and that the service is running\. \(TPB_UNREACHABLE\)$/,
    ],
    [
      [
        '--kind',
        'custom-endpoint',
        '--base-url',
        'http://127.0.0.1:1',
        '--bot-id',
        'b',
        '--signing-key',
        '/no/such.pem',
      ],
      /^tpb-conformance: Failed to read --signing-key \/no\/such\.pem: .*\(TPB_CONFIG\)$/,
    ],
    [
      ['--kind', 'faas', '--function', '/no/such/function.js'],
      /^tpb-conformance: Failed to load --function \/no\/such\/function\.js: .*\(TPB_CONFIG\)$/,
    ],
    [
      ['--kind', 'connector', '--command', 'no-such-program-tpb --port 1'],
      /^tpb-conformance: Failed to start --command "no-such-program-tpb --port 1": "no-such-program-tpb" is not on PATH\. .*\(TPB_CONFIG\)$/,
    ],
    [['--rules', 'CE-NOPE-*'], /"CE-NOPE-\*" matches no rule ID.*\(TPB_USAGE\)$/],
    [
      ['--strict=yes'],
      /^tpb-conformance: Option '--strict' does not take an argument.*\(TPB_USAGE\)$/,
    ],
    [['extra'], /^tpb-conformance: Unexpected argument 'extra'.*\(TPB_USAGE\)$/],
  ])('exits 2 with one message for %j', async (args, message) => {
    const resolved = args.map((arg) => (arg === 'KEY' ? join(keys, 'private.pem') : arg));
    const result = await runCli(['run', ...resolved, '--report-dir', tempProject()], {
      env: { PATH: '/usr/bin:/bin' },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });

  it('prints its options with --help', async () => {
    const result = await runCli(['run', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--signing-key FILE');
  });
});
