/**
 * The run's log of the candidate's error responses (SEC-12/13, custom-endpoint.md §9): an echoed
 * bearer is seen before the evidence redacts it, a body that breaks off is still inspected, and
 * the log stays bounded. Decision 0009.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { VendorHttpResult } from '../../mocks/index.ts';
import { CandidateHttp } from './candidate-http.ts';
import { ErrorResponseLog } from './error-response-log.ts';

const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
const servers: Server[] = [];
const clients: CandidateHttp[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A candidate whose answer depends on the path; see each case. */
async function candidate(): Promise<CandidateHttp> {
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body));
    switch (req.url) {
      case '/echo-body':
        return json(404, { error: 'not found', authorization: req.headers.authorization });
      case '/echo-header':
        return json(401, { error: 'invalid token' }, { 'x-seen': req.headers.authorization ?? '' });
      case '/own-marker':
        return json(404, { error: 'not found', authorization: 'Bearer [redacted]' });
      case '/cut':
        // A 500 whose body breaks off after a stack frame.
        res.writeHead(500, { 'content-type': 'text/plain', 'content-length': '1000' });
        res.write('Error: boom\n    at handler (/srv/app/index.js:12:3)\n');
        setImmediate(() => req.socket.destroy());
        return;
      default:
        return json(200, { ok: true });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const http = new CandidateHttp(
    {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      botId: 'b',
      environment: 'draft',
    },
    { timeoutMs: 2000 },
  );
  clients.push(http);
  return http;
}

describe('ErrorResponseLog', () => {
  it('sees an echoed bearer before redaction, in the body or a header, and never keeps it', async () => {
    const http = await candidate();
    for (const path of ['/echo-body', '/echo-header', '/own-marker', '/ok']) {
      await http.call({ method: 'GET', path, token });
    }
    expect(
      http.errorLog.entries.map((entry) => [entry.label, entry.receiver, entry.echoedBearer]),
    ).toEqual([
      ['GET /echo-body 404', 'harness', true],
      ['GET /echo-header 401', 'harness', true],
      // The candidate wrote the marker itself: nothing was echoed.
      ['GET /own-marker 404', 'harness', false],
    ]);
    expect(JSON.stringify(http.errorLog.entries)).not.toContain(token);
    expect(http.errorLog.entries[0]?.text).toContain('[redacted]');
  });

  it('keeps an error response whose body broke off, with what arrived of it', async () => {
    const http = await candidate();
    const answer = await http.call({ method: 'GET', path: '/cut', token });
    expect(answer.status).toBeUndefined();
    const [entry] = http.errorLog.entries;
    expect(entry?.label).toBe('GET /cut 500');
    expect(entry?.text).toContain('at handler (/srv/app/index.js:12:3)');
    expect(entry?.evidence.response?.body?.truncated).toBe(true);
    expect(entry?.evidence.error).toBeDefined();
  });

  it('keeps the first 2000 error responses and counts the rest', () => {
    const log = new ErrorResponseLog();
    const result = (status: number): VendorHttpResult => ({
      kind: 'response',
      status,
      headers: {},
      rawHeaders: {},
      body: { text: '', bytes: 0, truncated: false },
      echoed: false,
      exchange: {
        attempt: 1,
        request: { method: 'GET', url: 'http://127.0.0.1:1/x', headers: {} },
        response: { status, headers: {}, body: { text: '', bytes: 0, truncated: false } },
        timing: { startedAt: new Date(0).toISOString(), durationMs: 1 },
        curl: "curl -sS -X GET 'http://127.0.0.1:1/x'",
      },
    });
    log.record('engine', result(200));
    for (let n = 0; n < 2005; n += 1) log.record('engine', result(404));
    expect(log.entries).toHaveLength(2000);
    expect(log.dropped).toBe(5);
    expect(log.entries[0]?.label).toBe("the engine's GET /x 404");
  });
});
