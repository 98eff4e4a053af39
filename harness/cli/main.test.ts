import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../suites/index.ts';
import { main } from './main.ts';

async function run(args: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await main(
    args,
    { stdout, stderr, stdin: Readable.from([stdin]) },
    async () => allChecks,
  );
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

function tempJson(value: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tpb-cli-')), 'input.json');
  writeFileSync(path, value);
  return path;
}

describe('tpb-conformance validate', () => {
  it('exits 0 for a document that matches', async () => {
    const path = tempJson('{"state":"online","version":"0.0.1"}');
    expect(await run(['validate', 'ce-bot-state', path])).toEqual({
      code: 0,
      stdout: `ok: ${path} matches ce-bot-state\n`,
      stderr: '',
    });
  });

  it('exits 1 and prints each issue for a document that does not match', async () => {
    const result = await run(['validate', 'ce-bot-state', '-'], '{"state":"ONLINE","version":"1"}');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('/state: expected one of "online"');
    expect(result.stdout).toContain('1 issue(s)');
  });

  it.each([
    [['validate'], /expected <schema-id> <file\|->.*TPB_USAGE/],
    [['validate', 'no-such', '-'], /unknown schema id "no-such".*TPB_UNKNOWN_SCHEMA/],
    [
      ['validate', 'ce-bot-state', '/no/such/file.json'],
      /Failed to read \/no\/such\/file.json.*TPB_INPUT_UNREADABLE/,
    ],
    [['frobnicate'], /Unknown command "frobnicate".*TPB_UNKNOWN_COMMAND/],
  ])('exits 2 with one clear message for %j', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when the input is not JSON', async () => {
    const result = await run(['validate', 'ce-bot-state', '-'], '{"state":');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Failed to parse standard input as JSON/);
  });
});

describe('tpb-conformance bin', () => {
  it('runs as an installed command in its own process', async () => {
    const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'schemas']);
    expect(stdout).toMatch(/^ce-bot-state\tCustom Endpoint bot state$/m);
  });
});

describe('tpb-conformance internal errors', () => {
  const throwing = (stderr: PassThrough, env: Record<string, string> = {}) => ({
    stdout: {
      write() {
        throw new Error('disk on fire');
      },
    } as unknown as NodeJS.WritableStream,
    stderr,
    stdin: Readable.from([]),
    env,
  });

  it('exits 2 with one line and no stack for an unexpected exception', async () => {
    const stderr = new PassThrough();
    const code = await main(['rules'], throwing(stderr), async () => allChecks);
    stderr.end();
    expect(code).toBe(2);
    expect(await text(stderr)).toBe(
      'tpb-conformance: internal error: disk on fire (set TPB_DEBUG=1 for the stack)\n',
    );
  });

  it('prints the stack with TPB_DEBUG=1', async () => {
    const stderr = new PassThrough();
    const code = await main(['rules'], throwing(stderr, { TPB_DEBUG: '1' }), async () => allChecks);
    stderr.end();
    expect(code).toBe(2);
    expect(await text(stderr)).toMatch(
      /^tpb-conformance: internal error: Error: disk on fire\n\s+at /,
    );
  });
});
