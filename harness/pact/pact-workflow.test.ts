/**
 * The Pact workflow of issue 11: `pact generate` writes the platform's contract with Pact's own
 * library, and `pact verify` runs Pact's Verifier against live Custom Endpoints (real sockets)
 * and writes our reports. The example bot passes; broken bots of the zoo fail, with the
 * interaction they break named in report.json and junit.xml; a PUT answered 204 is an allowed
 * variant, a PUT answered 500 is not.
 *
 * @see docs/pact.md, docs/spec/custom-endpoint.md §9
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokenBot,
  emptyAnswer,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../../mocks/index.ts';
import type { Report } from '../../schemas/index.ts';
import { pactGenerateCommand } from '../cli/pact-generate-command.ts';
import { pactVerifyCommand } from '../cli/pact-verify-command.ts';

let dir: string;
let pactDir: string;
let keyFile: string;
let publicKeyPem: string;

async function cli(
  command: typeof pactVerifyCommand,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = text(stdout);
  const err = text(stderr);
  const code = await command(args, { stdout, stderr, stdin: Readable.from([]), env: {}, cwd: dir });
  stdout.end();
  stderr.end();
  return { code, stdout: await out, stderr: await err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpb-pact-workflow-'));
  pactDir = join(dir, 'pacts');
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  publicKeyPem = await exportSPKI(publicKey);
  keyFile = join(dir, 'private.pem');
  await writeFile(keyFile, await exportPKCS8(privateKey), 'utf8');
  const generated = await cli(pactGenerateCommand, ['--out', 'pacts', '--provider', 'demo-bot']);
  expect(generated).toMatchObject({ code: 0, stderr: '' });
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let reports = 0;

/** `pact verify` against `provider`; the report.json and junit.xml it wrote. */
async function verify(provider: RunningCustomEndpoint) {
  const reportDir = join(dir, `report-${++reports}`);
  try {
    const result = await cli(pactVerifyCommand, [
      '--base-url',
      provider.baseUrl,
      '--bot-id',
      provider.botId,
      '--signing-key',
      keyFile,
      '--pact',
      'pacts',
      '--report-dir',
      reportDir,
    ]);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Report;
    const junit = await readFile(join(reportDir, 'junit.xml'), 'utf8');
    return { ...result, report, junit };
  } finally {
    await provider.close();
  }
}

const failing = (report: Report) =>
  report.results
    .filter((finding) => finding.status === 'fail')
    .map((finding) => finding.title?.replace('Pact interaction: ', ''));

describe('pact generate', () => {
  it("writes one contract, by Pact, with the platform's interactions and matchers", async () => {
    expect(await readdir(pactDir)).toEqual(['LivePerson-Third-Party-Bots-demo-bot.json']);
    const pact = JSON.parse(
      await readFile(join(pactDir, 'LivePerson-Third-Party-Bots-demo-bot.json'), 'utf8'),
    );
    expect(pact.consumer).toEqual({ name: 'LivePerson-Third-Party-Bots' });
    expect(pact.metadata.pactSpecification.version).toBe('4.0');
    const descriptions = pact.interactions.map((i: { description: string }) => i.description);
    expect(descriptions.sort()).toEqual([
      'a RICH_CONTENT event from the consumer',
      "a START event carrying the consumer's last message",
      'a START event that opens the conversation',
      'a TEXT event from the consumer',
      'a request to create a MESSAGING conversation',
      'a state check of the bot',
      'a state check without a token',
      'an event for a conversation that was never created',
    ]);
    const put = pact.interactions.find(
      (i: { description: string }) =>
        i.description === 'a request to create a MESSAGING conversation',
    );
    expect(put.response.matchingRules.status.$.matchers[0]).toMatchObject({
      match: 'statusCode',
      status: [200, 201, 204],
    });
  });
});

describe('pact verify', () => {
  it('passes against the built-in example bot', async () => {
    const reportDir = join(dir, 'report-built-in');
    const result = await cli(pactVerifyCommand, ['--pact', 'pacts', '--report-dir', reportDir]);
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Report;
    expect(report.verdict).toBe('pass');
    expect(report.results).toHaveLength(8);
    expect(report.results.every((finding) => finding.ruleId === 'PACT-01')).toBe(true);
  }, 30_000);

  it.each([
    ['upper-case-state', ['a state check of the bot']],
    ['accepts-any-token', ['a state check without a token']],
    [
      'start-crashes',
      [
        "a START event carrying the consumer's last message",
        'a START event that opens the conversation',
      ],
    ],
    [
      'lower-case-item-type',
      [
        'a RICH_CONTENT event from the consumer',
        "a START event carrying the consumer's last message",
        'a START event that opens the conversation',
        'a TEXT event from the consumer',
      ],
    ],
  ])(
    'fails against the broken bot %s, naming the interaction it breaks',
    async (name, broken) => {
      const bot = brokenBot(name);
      if (!bot) throw new Error(`No broken bot named ${name} in the zoo`);
      const result = await verify(await bot.start({ auth: { publicKeyPem } }));
      expect(result.code).toBe(1);
      expect(result.report.verdict).toBe('fail');
      expect(failing(result.report).sort()).toEqual(broken);
      for (const description of broken) {
        expect(result.junit).toContain(`Pact interaction: ${description.replace("'", '&apos;')}`);
        expect(result.stdout).toContain(`FAIL  ${description}`);
      }
    },
    30_000,
  );

  it('passes a provider that answers the PUT with 204, an allowed variant', async () => {
    const provider = await startExampleCustomEndpoint({
      auth: { publicKeyPem },
      hooks: {
        answer: (answer, context) =>
          context.route === 'conversation' && answer.kind !== 'silence' && answer.status === 200
            ? emptyAnswer(204)
            : answer,
      },
    });
    const result = await verify(provider);
    expect(result.code, result.stdout).toBe(0);
    expect(result.report.verdict).toBe('pass');
  }, 30_000);

  it('fails a provider that answers the PUT with 500', async () => {
    const bot = brokenBot('put-fails');
    if (!bot) throw new Error('No broken bot named put-fails in the zoo');
    const result = await verify(await bot.start({ auth: { publicKeyPem } }));
    expect(result.code).toBe(1);
    expect(failing(result.report)).toContain('a request to create a MESSAGING conversation');
  }, 30_000);
});
