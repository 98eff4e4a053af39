/**
 * `tpb-conformance replay` over real sockets (docs/replay.md): a transcript recorded against the
 * built-in example bot replays clean against it, and against a changed bot fails at exactly the
 * turn that changed, unless the comparison is loosened (--text shape, an item's textMatch).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointAnswer, startExampleCustomEndpoint } from '../../mocks/index.ts';
import type { EmulatorConsumerInput, EmulatorTranscript, Report } from '../../schemas/index.ts';
import { ConversationDriver, startDriverBot } from '../emulator/conversation-driver.ts';
import { HarnessError } from '../harness-error.ts';
import { buildContext } from '../runner/build-context.ts';
import { replayCommand } from './replay-command.ts';

const urgentText = 'I have marked this conversation as urgent.';
const changedText = 'Your conversation is now urgent.';

let dir: string;
let keyFile: string;
let publicKeyPem: string;
let recorded: EmulatorTranscript;

/** Plays the inputs against the built-in example bot and writes what it did as a transcript. */
async function record(inputs: EmulatorConsumerInput[]): Promise<EmulatorTranscript> {
  const built = await buildContext({});
  const { bot } = await startDriverBot(built.context, 'replay-test-recording');
  try {
    const driver = new ConversationDriver(built.context, bot, 'replay-test-recording', 'messaging');
    const turns: EmulatorTranscript['turns'] = [];
    for (const input of inputs) {
      const played = await driver.play(input);
      turns.push({ consumer: played.consumer, bot: played.bot });
    }
    return { format: 'tpb-conformance-transcript', version: 1, channel: 'messaging', turns };
  } finally {
    await bot.stop();
    await built.dispose();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpb-replay-'));
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  publicKeyPem = await exportSPKI(publicKey);
  keyFile = join(dir, 'private.pem');
  await writeFile(keyFile, await exportPKCS8(privateKey), 'utf8');
  recorded = await record([
    { kind: 'text', text: 'Hello there' },
    { kind: 'text', text: 'This is urgent' },
    { kind: 'text', text: 'Show me a card' },
    { kind: 'text', text: 'Give me some options' },
  ]);
  await writeFile(join(dir, 'greeting.json'), JSON.stringify(recorded, null, 2));
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let runs = 0;

/** `replay` with `args` in the test directory; its exit code, output and report.json. */
async function replay(args: string[]) {
  const reportDir = join(dir, `report-${++runs}`);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = text(stdout);
  const err = text(stderr);
  const code = await replayCommand([...args, '--report-dir', reportDir], {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env: {},
    cwd: dir,
  });
  stdout.end();
  stderr.end();
  const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Report;
  const junit = await readFile(join(reportDir, 'junit.xml'), 'utf8');
  return { code, stdout: await out, stderr: await err, report, junit };
}

/** The example Custom Endpoint with the urgent answer reworded: the bot "changed" on turn 2. */
async function changedBot(args: string[]) {
  const provider = await startExampleCustomEndpoint({
    auth: { publicKeyPem },
    hooks: {
      answer: (answer): EndpointAnswer =>
        answer.kind === 'json'
          ? {
              ...answer,
              body: JSON.parse(JSON.stringify(answer.body).replace(urgentText, changedText)),
            }
          : answer,
    },
  });
  try {
    return await replay([
      ...args,
      '--kind',
      'custom-endpoint',
      '--base-url',
      provider.baseUrl,
      '--bot-id',
      provider.botId,
      '--signing-key',
      keyFile,
    ]);
  } finally {
    await provider.close();
  }
}

describe('tpb-conformance replay', () => {
  it('recorded what the bot did on each turn', () => {
    expect(recorded.turns[1]?.bot).toEqual([
      { kind: 'text', text: urgentText },
      { kind: 'ttr', ttrType: 'URGENT' },
    ]);
    expect(recorded.turns[2]?.bot.map((item) => item.kind)).toEqual(['structured-content']);
  });

  it('REPLAY-01 passes a transcript replayed against the bot it was recorded with', async () => {
    const result = await replay(['greeting.json']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('PASS  greeting.json');
    expect(result.report.verdict).toBe('pass');
    expect(result.report.results).toEqual([
      expect.objectContaining({
        ruleId: 'REPLAY-01',
        title: 'Replay of greeting.json',
        level: 'MUST',
        status: 'pass',
      }),
    ]);
  }, 30_000);

  it('REPLAY-01 fails at exactly the turn a changed bot answers differently, with the diff', async () => {
    const result = await changedBot(['greeting.json']);
    expect(result.code, result.stdout).toBe(1);
    const difference = `turn 2, bot item 1: expected text "${urgentText}", got "${changedText}"`;
    expect(result.stdout).toContain(`FAIL  greeting.json: ${difference}`);
    const [finding] = result.report.results;
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toContain(`differs from the recording at ${difference}.`);
    const [note, ...exchanges] = finding?.evidence ?? [];
    expect(note).toEqual({
      kind: 'note',
      text: [
        'turn 2:',
        '  bot item 1, text:',
        `  - expected text "${urgentText}"`,
        `  + got      "${changedText}"`,
      ].join('\n'),
    });
    // The second turn's call to the bot, whose reply carries the new text.
    expect(exchanges.map((evidence) => evidence.kind)).toEqual(['http']);
    expect(JSON.stringify(exchanges[0])).toContain(changedText);
    expect(result.junit).toContain('Replay of greeting.json');
  }, 30_000);

  it('--text shape lets the reworded answer pass', async () => {
    const result = await changedBot(['greeting.json', '--text', 'shape']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.report.verdict).toBe('pass');
  }, 30_000);

  it("a bot item's textMatch regex matches the reworded answer", async () => {
    const edited = structuredClone(recorded);
    edited.turns[1] = {
      consumer: edited.turns[1]?.consumer ?? { kind: 'text', text: 'This is urgent' },
      bot: [
        { kind: 'text', text: 'urgent\\.$', textMatch: 'regex' },
        { kind: 'ttr', ttrType: 'URGENT' },
      ],
    };
    await writeFile(join(dir, 'urgent-regex.json'), JSON.stringify(edited));
    const result = await changedBot(['urgent-regex.json']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('PASS  urgent-regex.json');
  }, 30_000);

  it('fails, without crashing, a transcript that cannot be played, and still replays the others', async () => {
    const chat: EmulatorTranscript = {
      format: 'tpb-conformance-transcript',
      version: 1,
      channel: 'chat',
      turns: [{ consumer: { kind: 'transfer-in' }, bot: [] }],
    };
    await writeFile(join(dir, 'chat-transfer.json'), JSON.stringify(chat));
    const result = await replay(['chat-transfer.json', 'greeting.json']);
    expect(result.code, result.stdout).toBe(1);
    expect(result.report.results.map((finding) => finding.status)).toEqual(['fail', 'pass']);
    expect(result.report.results[0]?.message).toContain(
      'chat-transfer.json could not be replayed: turn 1 could not be played: Failed to play "transfer-in"',
    );
  }, 30_000);

  it('refuses a file that is not a transcript, naming it and its schema issues', async () => {
    await writeFile(join(dir, 'broken.json'), JSON.stringify({ ...recorded, format: 'chat-log' }));
    const failure = await replayCommand(['broken.json'], {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      stdin: Readable.from([]),
      env: {},
      cwd: dir,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HarnessError);
    expect((failure as HarnessError).code).toBe('TPB_INPUT_UNREADABLE');
    expect((failure as HarnessError).message).toBe(
      'Failed to replay: not a transcript of schemas/emulator-transcript.schema.json: broken.json: /format: expected "tpb-conformance-transcript", got "chat-log". Fix the file, or record it again with "tpb-conformance emulate --record FILE".',
    );
  });

  it('refuses an unknown --text mode and a missing FILE as usage errors', async () => {
    const io = {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      stdin: Readable.from([]),
      env: {},
      cwd: dir,
    };
    await expect(replayCommand(['greeting.json', '--text', 'fuzzy'], io)).rejects.toThrow(
      'Invalid --text "fuzzy": use exact, regex or shape.',
    );
    await expect(replayCommand([], io)).rejects.toMatchObject({ code: 'TPB_USAGE' });
  });
});
