/**
 * `tpb-conformance emulate` from the command line: it prints the page's address with its token,
 * refuses requests without the token, plays turns through its API, records the transcript after
 * every turn with --record, and stops when told. Bad options exit 2 with one message.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import { allChecks } from '../../suites/index.ts';
import { emulateCommand } from './emulate-command.ts';
import { runCli } from './test-support/run-cli.ts';

/** Runs emulate until `stop()`; resolves its address once printed. */
function startEmulate(args: string[], cwd: string) {
  const stdout = new PassThrough();
  let printed = '';
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const address = new Promise<string>((resolve) => {
    stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const url = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(printed)?.[1];
      if (url) resolve(url);
    });
  });
  const code = emulateCommand(
    args,
    { stdout, stderr: new PassThrough(), stdin: Readable.from([]), env: {}, cwd },
    allChecks,
    stopped,
  );
  return { address, code, stop, printed: () => printed };
}

describe('tpb-conformance emulate', () => {
  it('serves the page with its token, plays turns and records them, until stopped', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tpb-emulate-'));
    const run = startEmulate(['--record', 'conversation.json'], cwd);
    const url = new URL(await run.address);
    const token = url.searchParams.get('token') ?? '';
    expect(run.printed()).toContain(`Recording to ${join(cwd, 'conversation.json')}`);

    expect((await fetch(`${url.origin}/`)).status).toBe(401);
    expect((await fetch(`${url.origin}/api/state`)).status).toBe(401);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none';/);

    const play = (input: unknown) =>
      fetch(`${url.origin}/api/play`, {
        method: 'POST',
        headers: { 'x-emulator-token': token, 'content-type': 'application/json' },
        body: JSON.stringify({ input }),
      });
    const first = await play({ kind: 'text', text: 'Hello there' });
    expect(first.status).toBe(200);
    const state = (await first.json()) as { turns: { calls: { method: string }[] }[] };
    expect(state.turns[0]?.calls.map((call) => call.method)).toEqual(['PUT', 'POST']);
    // An input the schema does not know, and one the conversation cannot take, are refused.
    expect((await play({ kind: 'shout', text: 'HI' })).status).toBe(400);
    await play({ kind: 'close' });
    const closed = await play({ kind: 'text', text: 'anyone?' });
    expect(closed.status).toBe(400);
    expect(((await closed.json()) as { error: string }).error).toContain(
      'the conversation is closed',
    );

    const recorded = validate(
      'emulator-transcript',
      JSON.parse(readFileSync(join(cwd, 'conversation.json'), 'utf8')),
    );
    expect(recorded.issues).toEqual([]);
    expect(recorded.ok && recorded.value.turns.map((turn) => turn.consumer.kind)).toEqual([
      'text',
      'close',
    ]);
    run.stop();
    expect(await run.code).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  }, 30_000);

  it.each([
    [['--channel', 'sms'], 'Invalid --channel "sms": use messaging or chat.'],
    [['--port', 'x'], 'Invalid --port "x": use a port number from 0 to 65535.'],
    [['--kind', 'connector', '--command', 'node bot.js'], 'emulate plays the platform'],
  ])('exits 2 with one message for %j', async (args, message) => {
    const result = await runCli(['emulate', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
