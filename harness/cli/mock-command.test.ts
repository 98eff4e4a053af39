/**
 * `tpb-conformance mock`: flags, the ready line, and a node-agent-sdk client in another process
 * served by the mock running in yet another, driven through the control API.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonLinesProcess } from '../../mocks/cloud/interop/test-support/json-lines-process.ts';
import { type MockReadyInfo, validate } from '../../schemas/index.ts';
import { allChecks } from '../../suites/index.ts';
import { HarnessError } from '../harness-error.ts';
import { main } from './main.ts';
import { parseMockArgs } from './mock-command.ts';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
const sdkBot = fileURLToPath(new URL('../../mocks/cloud/interop/sdk-bot.cjs', import.meta.url));
const processes: JsonLinesProcess[] = [];

afterAll(async () => {
  await Promise.all(processes.map((child) => child.stop()));
});

describe('parseMockArgs', () => {
  it('turns flags into cloud options', () => {
    expect(
      parseMockArgs([
        '--json',
        '--port',
        '0',
        '--account-id',
        '42',
        '--skill',
        'a',
        '--skill',
        'b',
        '--max-open-conversations',
        '5',
        '--cert-dir',
        '/tmp/x',
      ]),
    ).toEqual({
      json: true,
      help: false,
      options: {
        port: 0,
        accountId: '42',
        skills: ['a', 'b'],
        maxOpenConversations: 5,
        certDir: '/tmp/x',
      },
    });
  });

  it.each([
    [['--port', 'eighty'], /Invalid --port "eighty"/],
    [['--port', '70000'], /Invalid --port "70000"/],
    [['--account-id', 'abc'], /Invalid --account-id "abc"/],
    [['--max-open-conversations', '0'], /Invalid --max-open-conversations "0"/],
    [['--skill', ''], /a skill needs a name/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('refuses %j with one clear message', (args, message) => {
    expect(() => parseMockArgs(args)).toThrow(HarnessError);
    expect(() => parseMockArgs(args)).toThrow(message);
  });

  it('exits 2 through the CLI on a bad flag', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const code = await main(
      ['mock', '--port', 'x'],
      { stdout, stderr, stdin: Readable.from([]) },
      async () => allChecks,
    );
    stderr.end();
    expect(code).toBe(2);
    expect(await text(stderr)).toMatch(/^tpb-conformance: Invalid --port "x".*\(TPB_USAGE\)\n$/);
  });
});

describe('tpb-conformance mock --json', () => {
  it('prints the ready line, serves an SDK bot in another process, and stops on SIGTERM', {
    timeout: 30_000,
  }, async () => {
    const mock = new JsonLinesProcess(process.execPath, [bin, 'mock', '--json', '--skill', 'bot'], {
      PATH: process.env.PATH,
    });
    processes.push(mock);
    const ready = (await mock.waitFor('the ready line', () => true, {
      timeoutMs: 15_000,
    })) as unknown as MockReadyInfo;
    expect(validate('mock-ready-info', ready).issues).toEqual([]);

    const bot = new JsonLinesProcess(process.execPath, [sdkBot], {
      PATH: process.env.PATH,
      NODE_EXTRA_CA_CERTS: ready.caCertPath,
      TPB_ACCOUNT_ID: ready.accountId,
      TPB_CSDS_DOMAIN: ready.csdsDomain,
      TPB_USERNAME: ready.agent.username,
      TPB_PASSWORD: ready.agent.password,
    });
    processes.push(bot);
    await bot.waitFor('the routing subscription', (line) => line.what === 'subscribeRoutingTasks');

    const { readFile } = await import('node:fs/promises');
    const dispatcher = new Agent({ connect: { ca: await readFile(ready.caCertPath, 'utf8') } });
    const headers = {
      authorization: `Bearer ${ready.controlToken}`,
      'content-type': 'application/json',
    };
    const opened = await request(`${ready.controlUrl}/conversations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: 'hello from another language' }),
      dispatcher,
    });
    expect(opened.statusCode).toBe(201);
    const { conversationId } = (await opened.body.json()) as { conversationId: string };
    await bot.waitFor(
      'the echo to be published',
      (line) => line.what === 'publishEvent' && line.conversationId === conversationId,
    );
    const transcript = await request(
      `${ready.controlUrl}/conversations/${conversationId}/transcript`,
      { headers, dispatcher },
    );
    const body = (await transcript.body.json()) as {
      events: Array<{ from: string; message?: string }>;
    };
    expect(body.events.map((event) => [event.from, event.message])).toEqual([
      ['consumer', 'hello from another language'],
      ['system', undefined],
      ['bot', 'echo: hello from another language'],
    ]);
    await dispatcher.close();

    expect(await mock.stop('SIGTERM')).toBe(0);
  });
});

describe('tpb-conformance mock --cert-dir', () => {
  it('creates the CA and server keys there owner-only (0600), the certificates readable', {
    timeout: 30_000,
  }, async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tpb-mock-certs-'));
    const dir = join(parent, 'certs');
    const mock = new JsonLinesProcess(
      process.execPath,
      [bin, 'mock', '--json', '--cert-dir', dir],
      {
        PATH: process.env.PATH,
      },
    );
    processes.push(mock);
    const ready = (await mock.waitFor('the ready line', () => true, {
      timeoutMs: 15_000,
    })) as unknown as MockReadyInfo;
    expect(ready.caCertPath).toBe(join(dir, 'ca.pem'));
    const mode = (name: string) => statSync(join(dir, name)).mode;
    for (const key of ['ca-key.pem', 'key.pem']) {
      expect(mode(key) & 0o077, `${key} is readable by group or others`).toBe(0);
    }
    for (const cert of ['ca.pem', 'cert.pem']) {
      expect(mode(cert) & 0o400, `${cert} is readable`).toBe(0o400);
    }
    expect(await mock.stop('SIGTERM')).toBe(0);
    // The directory was the user's: the mock leaves it, so the next run keeps trusting its CA.
    expect(mode('ca-key.pem') & 0o077).toBe(0);
    rmSync(parent, { recursive: true, force: true });
  });
});
