/**
 * The Pact workflow of issue 11: `pact generate` writes the platform's contract with Pact's own
 * library, and `pact verify` runs Pact's Verifier against live Custom Endpoints (real sockets)
 * and writes our reports. The example bot passes; broken bots of the zoo fail, with the
 * interaction they break named in report.json and junit.xml; a PUT answered 204 is an allowed
 * variant, a PUT answered 500 is not.
 *
 * @see docs/pact.md, docs/spec/custom-endpoint.md §9
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { tokenCommand } from '../cli/token-command.ts';
import { providerStates } from './provider-states.ts';

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
async function verify(provider: RunningCustomEndpoint, extra: string[] = []) {
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
      ...extra,
    ]);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Report;
    const junit = await readFile(join(reportDir, 'junit.xml'), 'utf8');
    return { ...result, report, junit };
  } finally {
    await provider.close();
  }
}

/** The interactions a report failed, by description (its findings' titles end with them). */
const failing = (report: Report) =>
  report.results
    .filter((finding) => finding.status === 'fail')
    .map((finding) => /Pact interaction "(.*)"$/.exec(finding.title ?? '')?.[1]);

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
    // Each interaction under the catalogue rule it carries, with that rule's title and docs.
    expect(report.results.map((finding) => [finding.ruleId, finding.title]).sort()).toEqual([
      [
        'CE-CONV-01',
        'Conversation created: Pact interaction "a request to create a MESSAGING conversation"',
      ],
      [
        'CE-EVENT-01',
        'Unknown conversation is 404: Pact interaction "an event for a conversation that was never created"',
      ],
      ['CE-EVENT-02', 'Text event answered: Pact interaction "a TEXT event from the consumer"'],
      [
        'CE-EVENT-04',
        'Rich content event answered: Pact interaction "a RICH_CONTENT event from the consumer"',
      ],
      [
        'CE-EVENT-05',
        'START event answered: Pact interaction "a START event carrying the consumer\'s last message"',
      ],
      [
        'CE-EVENT-05',
        'START event answered: Pact interaction "a START event that opens the conversation"',
      ],
      ['CE-STATE-02', 'Bot state online: Pact interaction "a state check of the bot"'],
      ['SEC-01', 'Missing token refused: Pact interaction "a state check without a token"'],
    ]);
    expect(report.results.every((finding) => finding.docs?.[0]?.startsWith('https://'))).toBe(true);
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
        expect(result.junit).toContain(description.replace("'", '&apos;'));
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

  describe('with --state-setup-url', () => {
    /**
     * A provider's own state-change endpoint, as Pact calls it: it records every call and, for
     * "a conversation exists", creates the conversation in the provider with a valid bearer and
     * hands its id back for injection. `refuse` makes that setup answer 500 instead.
     */
    async function stateEndpoint(provider: RunningCustomEndpoint, refuse = false) {
      const token = (await cli(tokenCommand, ['--signing-key', keyFile])).stdout.trim();
      const calls: { state: string; params?: Record<string, unknown>; action?: string }[] = [];
      const server = createServer(async (req, res) => {
        const call = JSON.parse(await text(req));
        calls.push(call);
        const convId = randomUUID();
        if (call.action === 'setup' && call.state === providerStates.conversationExists) {
          const put = refuse
            ? undefined
            : await fetch(
                `${provider.baseUrl}/v1/bots/${provider.botId}/environments/${provider.environment}/conversations/${convId}`,
                {
                  method: 'PUT',
                  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                  body: JSON.stringify({
                    context: { type: 'MESSAGING', skillId: '1234567', engagementId: 1 },
                  }),
                },
              );
          if (!put?.ok) {
            res.writeHead(500).end();
            return;
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(call.action === 'setup' ? { convId } : {}));
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}/_pact/state`, calls, close: () => server.close() };
    }

    it('asks the provider to set every state up, and verifies with the ids it hands back', async () => {
      const provider = await startExampleCustomEndpoint({ auth: { publicKeyPem } });
      const states = await stateEndpoint(provider);
      try {
        const result = await verify(provider, ['--state-setup-url', states.url]);
        expect(result.code, result.stdout).toBe(0);
        // Pact calls for the interactions without a state too, with an empty one.
        const setups = states.calls.filter((call) => call.action === 'setup' && call.state);
        expect(setups.map((call) => call.state).sort()).toEqual([
          ...Array(4).fill(providerStates.conversationExists),
          ...Array(2).fill(providerStates.conversationAbsent),
        ]);
        for (const call of setups) expect(call.params?.convId).toEqual(expect.any(String));
      } finally {
        states.close();
      }
    }, 30_000);

    it('fails the interactions whose state the provider could not set up', async () => {
      const provider = await startExampleCustomEndpoint({ auth: { publicKeyPem } });
      const states = await stateEndpoint(provider, true);
      try {
        const result = await verify(provider, ['--state-setup-url', states.url]);
        expect(result.code).toBe(1);
        expect(failing(result.report).sort()).toEqual([
          'a RICH_CONTENT event from the consumer',
          "a START event carrying the consumer's last message",
          'a START event that opens the conversation',
          'a TEXT event from the consumer',
        ]);
      } finally {
        states.close();
      }
    }, 30_000);
  });
});
