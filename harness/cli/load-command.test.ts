/**
 * `tpb-conformance load` through the CLI, against real bots on loopback: 999 conversations with
 * the example bot complete without an error; one more is escalated for the cap; a slow bot's
 * timeouts and escalations are counted by LivePerson code; bad options exit 2; the k6 export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenBot, type RunningCustomEndpoint } from '../../mocks/index.ts';
import { type Report, validate } from '../../schemas/index.ts';
import { runCli, tempProject } from './test-support/run-cli.ts';

let keys: string;
let publicKeyPem: string;

beforeAll(async () => {
  keys = tempProject();
  expect((await runCli(['keys', 'generate', '--out', keys])).code).toBe(0);
  publicKeyPem = readFileSync(join(keys, 'public.pem'), 'utf8');
});

function readReport(dir: string): Report {
  const checked = validate('report', JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
  expect(checked.issues).toEqual([]);
  if (!checked.ok) throw new Error('report.json does not validate');
  return checked.value;
}

const statusOf = (report: Report, ruleId: string) =>
  report.results.find((finding) => finding.ruleId === ruleId)?.status;

describe('tpb-conformance load', () => {
  it('plays 999 conversations with the example bot without one error', async () => {
    const cwd = tempProject();
    const result = await runCli(['load', '--conversations', '999', '--turns', '1'], { cwd });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^Load: 999 of 999 turns in [\d.]+ s, [\d.]+ turns\/s, 999 conversations$/m,
    );
    const report = readReport(join(cwd, 'tpb-report'));
    const load = report.load?.result;
    expect(load).toMatchObject({
      conversations: 999,
      turnsPlanned: 999,
      turns: 999,
      turnsFailed: 0,
      timeouts: 0,
      candidateErrors: 0,
      overCap: 0,
      escalations: {},
    });
    expect(load?.turnLatency.events).toBe(999);
    expect(load?.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(999);
    expect(load?.timeline.reduce((sum, second) => sum + second.turns, 0)).toBe(999);
    expect(report.results.map((finding) => finding.ruleId)).toEqual([
      'LIMIT-01',
      'LIMIT-05',
      'LIMIT-06',
    ]);
    expect(statusOf(report, 'LIMIT-01')).toBe('pass');
  }, 60_000);

  it('measures the cap past 999: the 1000th conversation is escalated and never reaches the bot', async () => {
    const cwd = tempProject();
    const result = await runCli(['load', '--conversations', '1000', '--turns', '1'], {
      cwd,
      tty: true,
    });
    expect(result.code, result.stdout).toBe(0);
    // On a terminal, a progress bar rewrites itself while the load runs.
    expect(result.stdout).toContain('\r\x1b[2K[');
    expect(result.stdout).toMatch(
      /\[[#-]{20}\] \d+\/1000 turns, \d+ conversations, \d+ s … \d+ failed/,
    );
    const report = readReport(join(cwd, 'tpb-report'));
    expect(report.load?.result).toMatchObject({
      conversations: 1000,
      turns: 999,
      overCap: 1,
      escalations: {
        'com.liveperson.bot-connectors-worker.error.pipes.conversation-limit-checker.max-conv-limit-reached': 1,
      },
    });
    expect(statusOf(report, 'LIMIT-01')).toBe('pass');
    expect(statusOf(report, 'LIMIT-02')).toBe('pass');
  }, 60_000);

  describe('against a slow bot', () => {
    let bot: RunningCustomEndpoint;
    beforeAll(async () => {
      const slow = brokenBot('slow-answers');
      if (!slow) throw new Error('no slow-answers bot in the zoo');
      bot = await slow.start({ auth: { publicKeyPem }, delayMs: 1_000 });
    });
    afterAll(() => bot.close());

    it('reports the timeouts and the escalations by code, and fails LIMIT-01', async () => {
      const cwd = tempProject();
      const result = await runCli(
        [
          'load',
          '--kind',
          'custom-endpoint',
          '--base-url',
          bot.baseUrl,
          '--bot-id',
          bot.botId,
          '--signing-key',
          join(keys, 'private.pem'),
          '--timeout-ms',
          '200',
          '--conversations',
          '20',
          '--turns',
          '1',
        ],
        { cwd },
      );
      expect(result.code, result.stdout + result.stderr).toBe(1);
      const report = readReport(join(cwd, 'tpb-report'));
      const load = report.load?.result;
      expect(load?.turns).toBe(0);
      expect(load?.timeouts).toBe(20);
      expect(load?.escalations).toEqual({ 'tpb-conformance.mock.customendpoint.timeout': 20 });
      expect(result.stdout).toContain(
        'escalations: tpb-conformance.mock.customendpoint.timeout × 20',
      );
      expect(statusOf(report, 'LIMIT-01')).toBe('fail');
      const limit01 = report.results.find((finding) => finding.ruleId === 'LIMIT-01');
      expect(limit01?.message).toContain('20 timed out');
      expect(limit01?.evidence.some((evidence) => evidence.kind === 'http')).toBe(true);
    }, 60_000);
  });

  it.each([
    [['--conversations', '0'], 'Invalid --conversations "0": use a whole number from 1 to 100000.'],
    [['--turns', 'many'], 'Invalid --turns "many": use a whole number from 1 to 100000.'],
    [['--export', 'jmeter', 'x.jmx'], 'Invalid --export "jmeter": the one export is k6'],
    [['--export', 'k6'], '--export k6 takes one FILE'],
    [['--export', 'k6', 'load.js'], '--export k6 writes calls to your Custom Endpoint'],
    [['stray'], 'Unexpected argument "stray".'],
  ])('exits 2 with one message for %j', async (args, message) => {
    const result = await runCli(['load', ...args], { cwd: tempProject() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exports the scenario as a k6 script against the bot, without a secret in it', async () => {
    const cwd = tempProject();
    const result = await runCli(
      [
        'load',
        '--export',
        'k6',
        'k6/load.js',
        '--kind',
        'custom-endpoint',
        '--base-url',
        'https://bots.example.com',
        '--bot-id',
        'my-bot',
        '--signing-key',
        join(keys, 'private.pem'),
        '--conversations',
        '500',
        '--ramp-up',
        '60',
      ],
      { cwd },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Wrote the k6 script: ${join(cwd, 'k6', 'load.js')}`);
    const script = readFileSync(join(cwd, 'k6', 'load.js'), 'utf8');
    expect(script).toContain('"executor": "constant-arrival-rate"');
    expect(script).toContain('"rate": 500');
    expect(script).toContain('"baseUrl": "https://bots.example.com"');
    expect(script).not.toContain('PRIVATE KEY');
  });
});
