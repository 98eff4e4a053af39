/**
 * The CLI conventions vitest, Playwright and pact-js users expect (issue 10, item 5): help for a
 * command, "did you mean", expectations in words, every problem at once, a forgiven trailing
 * slash, "$schema" in tpb.config.json, colour only where it belongs, a running fail count, and
 * Ctrl+C writing a partial report (decision 0017).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenBot, type RunningCustomEndpoint } from '../../mocks/index.ts';
import { validate } from '../../schemas/index.ts';
import { runCli, tempProject } from './test-support/run-cli.ts';

let keys: string;
let publicKeyPem: string;

beforeAll(async () => {
  keys = tempProject();
  expect((await runCli(['keys', 'generate', '--out', keys])).code).toBe(0);
  publicKeyPem = readFileSync(join(keys, 'public.pem'), 'utf8');
});

describe('tpb-conformance CLI conventions', () => {
  it('help <command> prints what <command> --help does; an unknown one exits 2', async () => {
    const overview = await runCli(['--help']);
    const commands = [
      ...overview.stdout.slice(0, overview.stdout.indexOf('Options:')).matchAll(/^ {2}([a-z-]+)/gm),
    ].map((match) => match[1] ?? '');
    expect(commands).toEqual(expect.arrayContaining(['run', 'validate', 'schemas', 'help']));
    for (const command of commands) {
      const help = await runCli(['help', command]);
      expect(help, command).toEqual(await runCli([command, '--help']));
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/^Usage: tpb-conformance /);
    }
    expect(await runCli(['help'])).toEqual({ code: 0, stdout: overview.stdout, stderr: '' });
    expect(await runCli(['help', 'frobnicate'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'tpb-conformance: Unknown command "frobnicate". Run "tpb-conformance --help" for the commands. (TPB_UNKNOWN_COMMAND)\n',
    });
  });

  it('suggests the command meant by a typo', async () => {
    const expected = {
      code: 2,
      stdout: '',
      stderr:
        'tpb-conformance: Unknown command "rnu". Did you mean "run"? Run "tpb-conformance --help" for the commands. (TPB_UNKNOWN_COMMAND)\n',
    };
    expect(await runCli(['rnu'])).toEqual(expected);
    expect(await runCli(['help', 'rnu'])).toEqual(expected);
  });

  it('suggests the flag meant by a typo', async () => {
    expect(await runCli(['run', '--bas-url', 'http://x'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'tpb-conformance: Unknown option \'--bas-url\'. Did you mean --base-url? Run "tpb-conformance run --help" for its options. (TPB_USAGE)\n',
    });
    expect(await runCli(['mock', '--jsno'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'tpb-conformance: Unknown option \'--jsno\'. Did you mean --json? Run "tpb-conformance mock --help" for its options. (TPB_USAGE)\n',
    });
  });

  it('says in words what a value must look like, never as a regex', async () => {
    expect(await runCli(['run', '--account-id', 'le123'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'tpb-conformance: Invalid --account-id: expected digits only, like 12345678, got "le123". (TPB_USAGE)\n',
    });
  });

  it('lists every problem of the config at once', async () => {
    const result = await runCli([
      'run',
      '--account-id',
      'le123',
      '--rules',
      'ce-*',
      '--rules',
      'X Y',
    ]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'tpb-conformance: 3 problems in the config:',
        '  Invalid --account-id: expected digits only, like 12345678, got "le123".',
        '  Invalid --rules: expected a rule ID pattern in upper case (letters, digits, - and * as a wildcard), like CE-* or BOT-SC-06, got "ce-*".',
        '  Invalid --rules: expected a rule ID pattern in upper case (letters, digits, - and * as a wildcard), like CE-* or BOT-SC-06, got "X Y". (TPB_USAGE)',
        '',
      ].join('\n'),
    });
  });

  it('takes a --base-url with a trailing slash without it, and says so once', async () => {
    const result = await runCli(
      [
        'run',
        '--kind',
        'custom-endpoint',
        '--base-url',
        'http://127.0.0.1:1/',
        '--bot-id',
        'b',
        '--signing-key',
        join(keys, 'private.pem'),
        '--report-dir',
        tempProject(),
      ],
      { env: { PATH: '/usr/bin:/bin' } },
    );
    expect(result.code).toBe(2);
    const [note, error, ...rest] = result.stderr.split('\n');
    expect(note).toBe(
      'tpb-conformance: note: --base-url ends with a slash; using http://127.0.0.1:1.',
    );
    expect(error).toMatch(
      /^tpb-conformance: Failed to reach the Custom Endpoint: GET http:\/\/127\.0\.0\.1:1\/v1\/bots\/b\/environments\/draft\/state got no response/,
    );
    expect(rest).toEqual(['']);
  });

  it('reads a tpb.config.json that names its "$schema" for the editor', async () => {
    const cwd = tempProject();
    writeFileSync(
      join(cwd, 'tpb.config.json'),
      JSON.stringify({
        $schema: './node_modules/tpb-conformance/config.schema.json',
        rules: ['CE-STATE-01'],
      }),
    );
    const result = await runCli(['run'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Verdict: PASS.');
  });

  it('colours the summary on a terminal only, as NO_COLOR and FORCE_COLOR say', async () => {
    const run = (options: Parameters<typeof runCli>[1]) =>
      runCli(['run', '--rules', 'CE-STATE-01', '--report-dir', tempProject()], options);
    const onTerminal = await run({ tty: true });
    expect(onTerminal.stdout).toContain('Verdict: \x1b[32mPASS\x1b[39m. Every MUST rule passed.');
    const noColour = await run({ tty: true, env: { NO_COLOR: '1' } });
    expect(noColour.stdout).toContain('Verdict: PASS. Every MUST rule passed.');
    expect(noColour.stdout).not.toContain('\x1b[3');
    const inCi = await run({ tty: true, env: { CI: 'true' } });
    expect(inCi.stdout).not.toContain('\x1b[');
    const forced = await run({ env: { CI: 'true', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('Verdict: \x1b[32mPASS\x1b[39m.');
  });

  describe('against a Custom Endpoint whose state is upper case', () => {
    let bot: RunningCustomEndpoint;

    beforeAll(async () => {
      bot = await (brokenBot('upper-case-state')?.start({ auth: { publicKeyPem } }) ??
        Promise.reject(new Error('no upper-case-state bot in the zoo')));
    });
    afterAll(() => bot.close());

    it('counts the failures so far on the progress line', async () => {
      const result = await runCli(
        [
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
          tempProject(),
        ],
        { tty: true, env: { NO_COLOR: '1' } },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('\r\x1b[2K[1/6] CE-STATE-01 …\r');
      expect(result.stdout).toContain('\r\x1b[2K[2/6] CE-STATE-02 … 1 failed\r');
      expect(result.stdout).toContain('\r\x1b[2K[3/6] CE-STATE-03 … 2 failed\r');
    });
  });

  describe('Ctrl+C during run', () => {
    let candidate: Server;
    const hung = new Set<() => void>();
    /** Resolves on the first request that is not the bot state: the run is checking rules. */
    let checking: Promise<void>;

    beforeAll(async () => {
      let started = () => {};
      checking = new Promise((resolve) => {
        started = resolve;
      });
      // A candidate that answers its state and hangs on anything else, so Ctrl+C arrives in the
      // middle of a check that would wait out its timeout.
      candidate = createServer((request, response) => {
        if (request.url?.endsWith('/state')) {
          response.setHeader('content-type', 'application/json');
          response.end('{"state":"online","version":"1.0.0"}');
          return;
        }
        hung.add(() => response.destroy());
        started();
      });
      await new Promise<void>((resolve) => candidate.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const release of hung) release();
      await new Promise((resolve) => candidate.close(resolve));
    });

    it('writes a partial report marked interrupted, stops, and exits 130', {
      timeout: 60_000,
    }, async () => {
      const reportDir = tempProject();
      const { port } = candidate.address() as AddressInfo;
      const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.startsWith('TPB_')),
      );
      const child = spawn(
        process.execPath,
        [
          bin,
          'run',
          '--kind',
          'custom-endpoint',
          '--base-url',
          `http://127.0.0.1:${port}`,
          '--bot-id',
          'b',
          '--signing-key',
          join(keys, 'private.pem'),
          '--timeout-ms',
          '45000',
          '--report-dir',
          reportDir,
        ],
        { env: { ...env, CI: 'true' } },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      await checking;
      const interruptedAt = performance.now();
      child.kill('SIGINT');
      expect(await exited).toEqual({ code: 130, signal: null });
      // It did not wait out the hung request's 45 s timeout.
      expect(performance.now() - interruptedAt).toBeLessThan(30_000);
      expect(stderr).toBe(
        'tpb-conformance: interrupted; stopping and writing a partial report (Ctrl+C again to quit at once).\n',
      );
      expect(stdout).toContain(', INTERRUPTED.');
      const report = validate(
        'report',
        JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')),
      );
      expect(report.issues).toEqual([]);
      if (!report.ok) return;
      expect(report.value.interrupted).toBe(true);
      expect(report.value.verdict).not.toBe('pass');
      const notReached = report.value.results.filter((result) =>
        result.message.startsWith(
          'Not checked: the run was interrupted (Ctrl+C) before this rule was checked.',
        ),
      );
      expect(notReached.length).toBeGreaterThan(0);
      expect(report.value.results.at(-1)?.status).toBe('skipped');
    });
  });
});
