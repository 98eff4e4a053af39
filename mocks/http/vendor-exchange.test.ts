/**
 * STYLE rule 18 and schemas/evidence.schema.json (http branch): every exchange carries the exact
 * request as a copy-pasteable curl, the response cut at a limit with its full size, and timing;
 * secrets are redacted.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import { ManualClock } from '../platform/clock.ts';
import {
  sendJson,
  startTestCandidate,
  type TestCandidate,
} from '../tpb/test-support/vendor-test-server.ts';
import {
  bodyEvidence,
  curlCommand,
  evidenceBodyLimitBytes,
  evidenceOf,
  exchangeEvidence,
  readCappedBody,
  redactHeaders,
} from './vendor-exchange.ts';
import { callVendor } from './vendor-http-call.ts';

const run = promisify(execFile);
const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

let echo: TestCandidate;
let dispatcher: Agent;

beforeAll(async () => {
  echo = await startTestCandidate((call, res) =>
    sendJson(res, 201, { method: call.method, auth: call.headers.authorization, body: call.body }),
  );
  dispatcher = new Agent();
});

afterAll(async () => {
  await dispatcher.close();
  await echo.close();
});

async function* chunks(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* parts;
}

describe('redactHeaders', () => {
  it('lower-cases names, joins repeats and redacts credentials and secrets', () => {
    expect(
      redactHeaders(
        { Authorization: `Bearer ${token}`, 'X-Echo': `saw ${token}`, 'Set-Cookie': ['a', 'b'] },
        [token],
      ),
    ).toEqual({
      authorization: 'Bearer [redacted]',
      'x-echo': 'saw [redacted]',
      'set-cookie': 'a, b',
    });
  });
});

describe('readCappedBody', () => {
  it('keeps at most the limit, stops reading past it and flags truncation', async () => {
    let pulled = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      for (const part of ['abcd', 'efgh', 'ijkl', 'mnop']) {
        pulled += 1;
        yield Buffer.from(part);
      }
    }
    const body = await readCappedBody(endless(), 6);
    expect(body).toEqual({ text: 'abcdef', bytes: 8, truncated: true });
    expect(pulled).toBe(2);
    expect(await readCappedBody(chunks(Buffer.from('ab')), 6)).toEqual({
      text: 'ab',
      bytes: 2,
      truncated: false,
    });
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const euro = Buffer.from('€');
    const body = await readCappedBody(chunks(euro.subarray(0, 1), euro.subarray(1)), 10);
    expect(body.text).toBe('€');
  });

  it('flags bytes that are not UTF-8 and shows them as U+FFFD', async () => {
    const body = await readCappedBody(chunks(Buffer.of(0x22, 0xc3, 0x28, 0x22)), 10);
    expect(body).toEqual({ text: '"\uFFFD("', bytes: 4, truncated: false, invalidUtf8: true });
  });
});

describe('evidenceOf', () => {
  it('keeps 64 KiB of a body, cut on a character boundary, with its size', () => {
    const text = `${'a'.repeat(evidenceBodyLimitBytes - 1)}€ and more`;
    const body = evidenceOf({ text, bytes: 70_000, truncated: false }, []);
    expect(body).toEqual({
      text: 'a'.repeat(evidenceBodyLimitBytes - 1),
      bytes: 70_000,
      truncated: true,
    });
    expect(bodyEvidence('short')).toEqual({ text: 'short', bytes: 5, truncated: false });
  });

  it('scrubs a secret before cutting, so no part of it survives at the edge', () => {
    const secret = 's3cr3t-token-value';
    const text = `${'a'.repeat(evidenceBodyLimitBytes - 5)}${secret}`;
    expect(evidenceOf({ text, bytes: text.length, truncated: false }, [secret]).text).not.toContain(
      's3cr3',
    );
  });
});

describe('curlCommand', () => {
  it('quotes for the shell and reads the bearer from $TPB_TOKEN', () => {
    const curl = curlCommand({
      method: 'POST',
      url: 'http://127.0.0.1:1/x',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: bodyEvidence(`{"message":"it's"}`),
    });
    expect(curl).toBe(
      `curl -sS -X POST 'http://127.0.0.1:1/x' -H "authorization: Bearer $TPB_TOKEN" -H 'content-type: application/json' --data-raw '{"message":"it'\\''s"}'`,
    );
  });

  it('replays the exchange when pasted into a shell with TPB_TOKEN set', async () => {
    const result = await callVendor(
      {
        method: 'PUT',
        url: `${echo.url}/v1/it's`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: `{"text":"it's $HOME"}`,
      },
      { dispatcher, timeoutMs: 5_000, bodyLimitBytes: 1024, attempt: 1, clock: new ManualClock() },
    );
    expect(result.kind).toBe('response');
    const { stdout } = await run('sh', ['-c', result.exchange.curl], {
      env: { PATH: process.env.PATH, TPB_TOKEN: token },
    });
    expect(JSON.parse(stdout)).toEqual({
      method: 'PUT',
      auth: `Bearer ${token}`,
      body: `{"text":"it's $HOME"}`,
    });
    expect(echo.calls.at(-1)?.path).toBe("/v1/it's");
  });
});

describe('callVendor', () => {
  it('records an exchange that is valid http evidence, stamped by the clock', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 2));
    const result = await callVendor(
      {
        method: 'POST',
        url: `${echo.url}/events`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"a":1}',
      },
      { dispatcher, timeoutMs: 5_000, bodyLimitBytes: 1024, attempt: 2, clock },
    );
    const { exchange } = result;
    expect(validate('evidence', exchangeEvidence(exchange))).toMatchObject({ ok: true });
    expect(exchange).toMatchObject({
      attempt: 2,
      request: {
        method: 'POST',
        headers: { authorization: 'Bearer [redacted]', 'content-type': 'application/json' },
        body: { text: '{"a":1}', bytes: 7, truncated: false },
      },
      response: { status: 201, headers: { 'content-type': 'application/json' } },
      timing: { startedAt: '2026-01-02T00:00:00.000Z' },
    });
    // The echo repeated the bearer; the evidence must not.
    expect(exchange.response?.body?.text).toContain('"auth":"Bearer [redacted]"');
    expect(JSON.stringify(exchange)).not.toContain(token);
  });
});
