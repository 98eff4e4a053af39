/**
 * custom-endpoint.md §2 (routes), §8.1 (Test Connection), §8.2 (PUT before the first event),
 * §8.3 (404 recovery), §8.4 (60 s per attempt, 3 attempts, pauses), tpb-platform.md §8 (mock
 * escalation codes). Every candidate is a real HTTP server on 127.0.0.1 that counts its calls.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CustomEndpointCreateConversationRequestBody,
  type CustomEndpointEventRequestBody,
  validate,
} from '../../schemas/index.ts';
import {
  evidenceBodyLimitBytes,
  exchangeEvidence,
  type VendorExchange,
} from '../http/vendor-exchange.ts';
import { ManualClock } from '../platform/clock.ts';
import {
  CustomEndpointClient,
  type CustomEndpointClientOptions,
} from './custom-endpoint-client.ts';
import { customEndpointErrorCode } from './custom-endpoint-escalation.ts';
import { engineDefaults } from './engine-defaults.ts';
import {
  type CandidateHandler,
  sendJson,
  startTestCandidate,
  streamFiller,
  type TestCandidate,
} from './test-support/vendor-test-server.ts';

const token = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJTZW50aW5lbCJ9.c2lnbmF0dXJl';
const tokens = { token: () => Promise.resolve(token) };
const botId = 'bot-1';
const base = `/v1/bots/${botId}/environments/draft`;
const convId = 'c0ffee00-0000-4000-8000-000000000001';
const putBody: CustomEndpointCreateConversationRequestBody = {
  context: { type: 'MESSAGING', skillId: '1234567', engagementId: 1 },
};
const event: CustomEndpointEventRequestBody = {
  type: 'TEXT',
  source: 'CONSUMER',
  data: { message: 'hi' },
  context: { lpEvent: { sequence: 1 } },
};
const reply = { response: [{ type: 'TEXT', data: { message: 'hello' } }], analytics: {} };

const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function candidate(handler: CandidateHandler): Promise<TestCandidate> {
  const server = await startTestCandidate(handler);
  open.push(server);
  return server;
}

function clientFor(server: { url: string }, options: Partial<CustomEndpointClientOptions> = {}) {
  const client = new CustomEndpointClient({
    baseUrl: server.url,
    botId,
    environment: 'draft',
    tokens,
    requestTimeoutMs: engineDefaults.requestTimeoutMs,
    maxAttempts: engineDefaults.maxAttempts,
    retryPausesMs: [0, 0],
    ...options,
  });
  open.push(client);
  return client;
}

/** A candidate that keeps conversations, answers PUT with 204 and events with `reply`. */
function conversationKeeper(overrides: { post?: CandidateHandler } = {}): CandidateHandler {
  return (call, res, req, index) => {
    if (call.method === 'PUT') return void res.writeHead(204).end();
    if (overrides.post) return overrides.post(call, res, req, index);
    sendJson(res, 200, reply);
  };
}

function expectValidEvidence(exchanges: VendorExchange[]): void {
  for (const exchange of exchanges) {
    const result = validate('evidence', exchangeEvidence(exchange));
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(JSON.stringify(exchange)).not.toContain(token);
  }
}

const callsOf = (server: TestCandidate) =>
  server.calls.map((call) => `${call.method} ${call.path}`);

describe('CustomEndpointClient.checkState (§8.1)', () => {
  it('passes on 200 with state "online", sending the bearer to …/state', async () => {
    const server = await candidate((_call, res) =>
      sendJson(res, 200, { state: 'online', version: '0.0.1' }),
    );
    const result = await clientFor(server).checkState();
    expect(result).toMatchObject({ ok: true, state: 'online' });
    expect(callsOf(server)).toEqual([`GET ${base}/state`]);
    expect(server.calls[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(result.exchanges).toHaveLength(1);
    expect(result.exchanges[0]?.request.headers.authorization).toBe('Bearer [redacted]');
    expect(result.exchanges[0]?.curl).toContain('"authorization: Bearer $TPB_TOKEN"');
    expectValidEvidence(result.exchanges);
  });

  it('fails on 200 with state "ONLINE": the state must be lower case', async () => {
    const server = await candidate((_call, res) =>
      sendJson(res, 200, { state: 'ONLINE', version: '0.0.1' }),
    );
    const result = await clientFor(server).checkState();
    expect(result).toMatchObject({ ok: false, reason: 'not-online', state: 'ONLINE', status: 200 });
    expect(server.calls).toHaveLength(1);
  });

  it('fails on 200 without a state, and on a 2xx other than 200', async () => {
    const noState = await candidate((_call, res) => sendJson(res, 200, { version: '1' }));
    expect(await clientFor(noState).checkState()).toMatchObject({
      ok: false,
      reason: 'invalid-response',
    });
    const accepted = await candidate((_call, res) =>
      sendJson(res, 202, { state: 'online', version: '1' }),
    );
    expect(await clientFor(accepted).checkState()).toMatchObject({ ok: false, reason: 'http-202' });
    expect(accepted.calls).toHaveLength(1);
  });

  it('keeps a path prefix of the Base URL and drops a trailing slash', async () => {
    const server = await candidate((_call, res) =>
      sendJson(res, 200, { state: 'online', version: '1' }),
    );
    await clientFor({ url: `${server.url}/api/` }).checkState();
    expect(callsOf(server)).toEqual([`GET /api${base}/state`]);
  });
});

describe('CustomEndpointClient.deliverEvent (§8.2, §8.3)', () => {
  it('PUTs before the first event of a conversation, then only POSTs', async () => {
    const server = await candidate(conversationKeeper());
    const client = clientFor(server);
    const first = await client.deliverEvent(convId, putBody, event);
    expect(first).toMatchObject({ ok: true, status: 200, body: reply });
    await client.deliverEvent(convId, putBody, event);
    expect(callsOf(server)).toEqual([
      `PUT ${base}/conversations/${convId}`,
      `POST ${base}/conversations/${convId}/events`,
      `POST ${base}/conversations/${convId}/events`,
    ]);
    expect(server.calls[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.calls[0]?.body ?? '')).toEqual(putBody);
    expect(JSON.parse(server.calls[1]?.body ?? '')).toEqual(event);
    expectValidEvidence(first.exchanges);
  });

  it('treats 409 on PUT as "already exists", a success', async () => {
    const server = await candidate((call, res) =>
      call.method === 'PUT' ? sendJson(res, 409, { error: 'exists' }) : sendJson(res, 200, reply),
    );
    const client = clientFor(server);
    const created = await client.createConversation(convId, putBody);
    expect(created).toMatchObject({ ok: true, status: 409, body: { existed: true } });
    expect(client.isCreated(convId)).toBe(true);
    expect((await client.deliverEvent(convId, putBody, event)).ok).toBe(true);
    expect(server.calls.map((call) => call.method)).toEqual(['PUT', 'POST']);
  });

  it('FLOW-09 recovers from a 404 on POST with one PUT + POST: PUT, POST, PUT, POST', async () => {
    let puts = 0;
    const server = await candidate((call, res) => {
      if (call.method === 'PUT') {
        puts++;
        return void res.writeHead(204).end();
      }
      // The candidate "lost" the conversation created by the first PUT.
      if (puts < 2) return sendJson(res, 404, { error: 'unknown conversation' });
      sendJson(res, 200, reply);
    });
    const result = await clientFor(server).deliverEvent(convId, putBody, event);
    expect(result).toMatchObject({ ok: true, status: 200, body: reply });
    expect(server.calls.map((call) => call.method)).toEqual(['PUT', 'POST', 'PUT', 'POST']);
    expect(result.exchanges.map((exchange) => exchange.response?.status)).toEqual([
      204, 404, 204, 200,
    ]);
  });

  it('fails on a second 404 without a third round', async () => {
    const server = await candidate(
      conversationKeeper({ post: (_call, res) => sendJson(res, 404, {}) }),
    );
    const client = clientFor(server);
    const result = await client.deliverEvent(convId, putBody, event);
    expect(result).toMatchObject({ ok: false, reason: 'http-404', status: 404 });
    expect(server.calls.map((call) => call.method)).toEqual(['PUT', 'POST', 'PUT', 'POST']);
    expect(result.exchanges).toHaveLength(4);
    expect(client.isCreated(convId)).toBe(false);
  });

  it('does not POST when the PUT fails, and forget() makes the next event PUT again', async () => {
    const failing = await candidate((_call, res) => sendJson(res, 403, {}));
    const result = await clientFor(failing).deliverEvent(convId, putBody, event);
    expect(result).toMatchObject({ ok: false, reason: 'http-403' });
    expect(failing.calls.map((call) => call.method)).toEqual(['PUT']);

    const server = await candidate(conversationKeeper());
    const client = clientFor(server);
    await client.deliverEvent(convId, putBody, event);
    client.forget(convId);
    await client.deliverEvent(convId, putBody, event);
    expect(server.calls.map((call) => call.method)).toEqual(['PUT', 'POST', 'PUT', 'POST']);
  });
});

describe('CustomEndpointClient retries (§8.4)', () => {
  it('waits 5 s then 10 s on the clock between attempts: 503, 503, 200', async () => {
    const server = await candidate((_call, res, _req, index) =>
      index < 2 ? sendJson(res, 503, {}) : sendJson(res, 200, reply),
    );
    const clock = new ManualClock();
    let exchanged: (() => void) | undefined;
    const nextExchange = () => new Promise<void>((resolve) => (exchanged = resolve));
    const client = clientFor(server, {
      clock,
      retryPausesMs: [5_000, 10_000],
      onExchange: () => exchanged?.(),
    });
    let waiting = nextExchange();
    const pending = client.sendEvent(convId, event);
    await waiting;
    expect(server.calls).toHaveLength(1);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(4_999);
    expect(clock.pendingTimers).toBe(1);
    waiting = nextExchange();
    clock.advance(1);
    await waiting;
    expect(server.calls).toHaveLength(2);
    waiting = nextExchange();
    clock.advance(10_000);
    await waiting;
    const result = await pending;
    expect(result).toMatchObject({ ok: true, status: 200, body: reply });
    expect(server.calls).toHaveLength(3);
    expect(result.exchanges.map((exchange) => exchange.attempt)).toEqual([1, 2, 3]);
    expect(result.exchanges.map((exchange) => exchange.response?.status)).toEqual([503, 503, 200]);
    expectValidEvidence(result.exchanges);
  });

  it.each([
    [503, 'http-503'],
    [429, 'http-429'],
  ])('makes exactly 3 attempts on %i, no 4th', async (status, reason) => {
    const server = await candidate((_call, res) => sendJson(res, status, {}));
    const reported: VendorExchange[] = [];
    const client = clientFor(server, { onExchange: (exchange) => reported.push(exchange) });
    const result = await client.sendEvent(convId, event);
    expect(result).toMatchObject({ ok: false, reason, status });
    expect(server.calls).toHaveLength(3);
    expect(result.exchanges.map((exchange) => exchange.attempt)).toEqual([1, 2, 3]);
    expect(reported).toEqual(result.exchanges);
    expect(customEndpointErrorCode(result.ok ? 'timeout' : result.reason)).toBe(
      `tpb-conformance.mock.customendpoint.${reason}`,
    );
  });

  it.each([400, 401, 404])('does not retry %i: 1 attempt', async (status) => {
    const server = await candidate((_call, res) => sendJson(res, status, {}));
    const result = await clientFor(server).sendEvent(convId, event);
    expect(result).toMatchObject({ ok: false, reason: `http-${status}`, status });
    expect(server.calls).toHaveLength(1);
  });

  it('times out a candidate that never answers, 3 attempts of requestTimeoutMs (50 ms)', async () => {
    const server = await candidate(() => {
      // Never answers; close() tears the socket down.
    });
    const result = await clientFor(server, { requestTimeoutMs: 50 }).sendEvent(convId, event);
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(server.calls).toHaveLength(3);
    expect(result.exchanges.map((exchange) => exchange.error)).toEqual([
      'timeout after 50 ms',
      'timeout after 50 ms',
      'timeout after 50 ms',
    ]);
    expect(result.exchanges.every((exchange) => exchange.response === undefined)).toBe(true);
    expectValidEvidence(result.exchanges);
  });

  it('times out a candidate that stops in the middle of its body, keeping what arrived', async () => {
    const server = await candidate((_call, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"response":[');
      // Never ends the body; close() tears the socket down.
    });
    const result = await clientFor(server, { requestTimeoutMs: 50, maxAttempts: 1 }).sendEvent(
      convId,
      event,
    );
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(result.exchanges[0]?.error).toBe('timeout after 50 ms');
    expect(result.exchanges[0]?.response).toMatchObject({
      status: 200,
      body: { text: '{"response":[', truncated: true },
    });
    expectValidEvidence(result.exchanges);
  });

  it('counts a reset socket as unreachable, retried to 3 attempts', async () => {
    const server = await candidate((_call, _res, req) => req.socket.destroy());
    const result = await clientFor(server).sendEvent(convId, event);
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(server.calls).toHaveLength(3);
    expect(result.exchanges[0]?.error).toBeTruthy();
    expectValidEvidence(result.exchanges);
  });

  it('counts a refused connection as unreachable', async () => {
    const port = await freePort();
    const result = await clientFor({ url: `http://127.0.0.1:${port}` }).checkState();
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(result.exchanges).toHaveLength(3);
    expect(result.exchanges[0]?.error).toContain('ECONNREFUSED');
  });

  it('counts bytes that are not HTTP as unreachable', async () => {
    const server = await candidate((_call, _res, req) => req.socket.end('SURPRISE\r\n\r\n'));
    const result = await clientFor(server).sendEvent(convId, event);
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(server.calls).toHaveLength(3);
  });
});

describe('CustomEndpointClient bodies', () => {
  it('fails at once on a 200 that is not JSON, with the body as evidence', async () => {
    const server = await candidate((_call, res) => res.writeHead(200).end('<html>oops</html>'));
    const result = await clientFor(server).sendEvent(convId, event);
    expect(result).toMatchObject({ ok: false, reason: 'invalid-json', status: 200 });
    expect(server.calls).toHaveLength(1);
    expect(result.exchanges[0]?.response?.body).toEqual({
      text: '<html>oops</html>',
      bytes: 17,
      truncated: false,
    });
  });

  it('stops reading a 50 MB answer at the read limit: 64 KiB of evidence, a failed outcome', async () => {
    const size = 50 * 1024 * 1024;
    const limit = 256 * 1024;
    const server = await candidate((_call, res) => streamFiller(res, size));
    const result = await clientFor(server, { bodyLimitBytes: limit }).sendEvent(convId, event);
    expect(result).toMatchObject({ ok: false, reason: 'invalid-json', status: 200 });
    expect(server.calls).toHaveLength(1);
    const body = result.exchanges[0]?.response?.body;
    // Reading stopped at the first chunk past the limit: far from the 50 MB sent.
    expect(body?.truncated).toBe(true);
    expect(body?.bytes).toBeGreaterThan(limit);
    expect(body?.bytes).toBeLessThan(4 * limit);
    expect(Buffer.byteLength(body?.text ?? '')).toBe(evidenceBodyLimitBytes);
    expect(result.ok ? '' : result.detail).toContain(`larger than the ${limit}-byte read limit`);
    expectValidEvidence(result.exchanges);
  });

  it('scrubs a bearer the candidate echoes back out of the evidence', async () => {
    const server = await candidate((call, res) =>
      sendJson(res, 401, { error: `bad token ${call.headers.authorization}` }),
    );
    const result = await clientFor(server).sendEvent(convId, event);
    expect(result.exchanges[0]?.response?.body?.text).toContain('bad token Bearer [redacted]');
    expectValidEvidence(result.exchanges);
  });
});

describe('customEndpointErrorCode (tpb-platform.md §8)', () => {
  it('builds the mock codes outside LivePerson namespace', () => {
    expect(customEndpointErrorCode('timeout')).toBe('tpb-conformance.mock.customendpoint.timeout');
    expect(customEndpointErrorCode('invalid-response')).toBe(
      'tpb-conformance.mock.customendpoint.invalid-response',
    );
    expect(customEndpointErrorCode('http-502')).toBe(
      'tpb-conformance.mock.customendpoint.http-502',
    );
  });
});

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
