/**
 * A run that could not check every applicable MUST rule is INCOMPLETE, never a plain PASS, and
 * `--conversation-type` scopes the run to the conversation types the bot is configured for.
 * Regressions: a bot sending two actions on its transfer utterance passed when no utterance was
 * declared; a messaging-only bot failed for quick replies in chat.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokenBot,
  exampleUtterances,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../../mocks/index.ts';
import type { Report } from '../../schemas/index.ts';
import { runCli, tempProject } from './test-support/run-cli.ts';

let keys: string;
const bots = new Map<string, RunningCustomEndpoint>();

beforeAll(async () => {
  keys = tempProject();
  expect((await runCli(['keys', 'generate', '--out', keys])).code).toBe(0);
  const publicKeyPem = readFileSync(join(keys, 'public.pem'), 'utf8');
  for (const name of ['two-actions', 'quick-replies-in-chat']) {
    const bot = await brokenBot(name)?.start({ auth: { publicKeyPem } });
    if (!bot) throw new Error(`no ${name} bot in the zoo`);
    bots.set(name, bot);
  }
  bots.set('example', await startExampleCustomEndpoint({ auth: { publicKeyPem } }));
});
afterAll(() => Promise.all([...bots.values()].map((bot) => bot.close())));

async function certify(name: string, ...args: string[]) {
  const bot = bots.get(name);
  if (!bot) throw new Error(`no ${name} bot`);
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
    '--report-dir',
    reportDir,
    ...args,
  ]);
  if (result.code === 2) throw new Error(`the run could not start: ${result.stderr}`);
  const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as Report;
  const summary = readFileSync(join(reportDir, 'summary.md'), 'utf8');
  return { ...result, report, summary };
}

const statusOf = (report: Report, ruleId: string) =>
  report.results.find((result) => result.ruleId === ruleId);

describe('INCOMPLETE: applicable MUST rules that could not be checked', () => {
  const rules = ['--rules', 'BOT-REPLY-0*,FLOW-06,FLOW-10'];

  it('a broken bot certified without utterances is incomplete, not a pass', async () => {
    const run = await certify('two-actions', ...rules);
    expect(run.code).toBe(0);
    expect(run.report.verdict).toBe('incomplete');
    const unchecked = run.report.coverage.unchecked.map((rule) => rule.ruleId);
    expect(unchecked).toContain('FLOW-06');
    expect(run.report.coverage.mustChecked).toBe(
      run.report.coverage.mustApplicable - unchecked.length,
    );
    expect(run.stdout).toMatch(/Coverage: \d+ of \d+ applicable MUST rules checked\./);
    expect(run.stdout).toMatch(/NOT CHECKED {2}FLOW-06 \(MUST\) .*--utterance transfer=/);
    expect(run.stdout).toContain('Verdict: INCOMPLETE. No rule failed, but');
    expect(run.stdout).toContain('Run with --strict to make an incomplete certification fail');
    expect(run.summary).toMatch(/^### ⚠️ tpb-conformance: INCOMPLETE/);
    expect(run.summary).toContain('| `FLOW-06` |');
  });

  it('fails under --strict, and fails outright once the utterance is declared', async () => {
    const strict = await certify('two-actions', ...rules, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.report.verdict).toBe('incomplete');

    const declared = await certify(
      'two-actions',
      ...rules,
      '--utterance',
      `transfer=${exampleUtterances.transfer}`,
      '--skill',
      'human',
    );
    expect(declared.code).toBe(1);
    expect(declared.report.verdict).toBe('fail');
    expect(statusOf(declared.report, 'BOT-REPLY-02')?.status).toBe('fail');
  });
});

describe('--unused: features the bot does not use', () => {
  const rules = ['--rules', 'BOT-REPLY-*,BOT-SC-*,FLOW-06,FLOW-07,FLOW-08'];
  const declared = [
    '--utterance',
    `transfer=${exampleUtterances.transfer}`,
    '--utterance',
    `close=${exampleUtterances.close}`,
    '--skill',
    'human',
  ];
  const unused =
    'ttr,structured-content,quick-replies,delay,private-text,invoke-function,encoded-metadata';

  it('a bot that only transfers and closes is incomplete until it states what it does not use', async () => {
    const incomplete = await certify('example', ...rules, ...declared);
    expect(incomplete.report.verdict).toBe('incomplete');
    expect(incomplete.report.coverage.unchecked.map((rule) => rule.ruleId)).toContain(
      'BOT-REPLY-08',
    );

    const run = await certify('example', ...rules, ...declared, '--unused', unused);
    expect(run.report.coverage.unchecked).toEqual([]);
    expect(run.report.verdict).toBe('pass');
    expect(statusOf(run.report, 'BOT-REPLY-08')).toMatchObject({
      status: 'skipped',
      applicable: false,
      message: expect.stringContaining('The bot does not use invoke-function (--unused)'),
    });
    expect(statusOf(run.report, 'FLOW-06')?.status).toBe('pass');
  });

  it('judges a feature the bot uses although it was declared unused', async () => {
    const run = await certify('two-actions', ...rules, ...declared, '--unused', 'transfer');
    expect(run.report.verdict).toBe('fail');
    expect(statusOf(run.report, 'BOT-REPLY-02')?.status).toBe('fail');
    expect(statusOf(run.report, 'FLOW-06')?.status).toBe('fail');
  });
});

describe('--conversation-type', () => {
  const quickReplies = ['--utterance', `quick-replies=${exampleUtterances['quick-replies']}`];
  const rules = ['--rules', 'BOT-SC-03,BOT-SC-04,FLOW-03,FLOW-10'];

  it('a bot configured for both types fails for quick replies in chat', async () => {
    const run = await certify('quick-replies-in-chat', ...rules, ...quickReplies);
    expect(run.code).toBe(1);
    expect(statusOf(run.report, 'BOT-SC-03')?.status).toBe('fail');
    expect(run.report.conversationType).toBe('both');
  });

  it('a messaging-only bot is not failed for chat, and chat-only rules are not applicable', async () => {
    const run = await certify(
      'quick-replies-in-chat',
      ...rules,
      ...quickReplies,
      '--conversation-type',
      'messaging',
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.report.verdict).toBe('pass');
    expect(run.report.conversationType).toBe('messaging');
    for (const ruleId of ['BOT-SC-03', 'FLOW-03']) {
      expect(statusOf(run.report, ruleId)).toMatchObject({
        status: 'skipped',
        applicable: false,
        message: expect.stringContaining('the bot is configured for messaging only'),
      });
    }
    expect(statusOf(run.report, 'BOT-SC-04')?.status).toBe('pass');
    expect(statusOf(run.report, 'FLOW-10')?.status).toBe('pass');
    expect(run.report.coverage.unchecked).toEqual([]);
  });

  it('rejects an unknown conversation type with exit 2', async () => {
    const result = await runCli([
      'run',
      '--conversation-type',
      'voice',
      '--report-dir',
      tempProject(),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--conversation-type.*chat.*messaging.*both/);
  });
});
