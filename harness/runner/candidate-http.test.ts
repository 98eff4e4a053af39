/**
 * Direct HTTP to a candidate: a kept-alive socket the server closed right after an error response
 * is not "no answer". Regression: SEC rules failed at random against servers that close the
 * connection after an error (Express with an error handler, for one).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CandidateHttp } from './candidate-http.ts';

const servers: Server[] = [];
const clients: CandidateHttp[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * Answers `/deny` with 401 and `/ok` with 200; after an error response it drops the socket when
 * the next request arrives on it, before answering (no `Connection: close` was sent).
 */
async function closesAfterErrors(options: { resetEverything?: boolean } = {}): Promise<string> {
  const poisoned = new WeakSet<Socket>();
  const server = createServer((req, res) => {
    if (options.resetEverything || poisoned.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    const status = req.url === '/deny' ? 401 : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 401 ? { error: 'invalid token' } : { ok: true }));
    if (status >= 400) poisoned.add(req.socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(baseUrl: string): CandidateHttp {
  const http = new CandidateHttp(
    { baseUrl, botId: 'b', environment: 'draft' },
    { timeoutMs: 2000 },
  );
  clients.push(http);
  return http;
}

describe('CandidateHttp on a server that closes kept-alive sockets after errors', () => {
  it('sends the request again on a fresh connection, keeping the reset as evidence', async () => {
    const http = client(await closesAfterErrors());
    // Every other request lands on the socket the last 401 poisoned: without the second try,
    // half of these would have no answer.
    for (let round = 0; round < 6; round += 1) {
      const answer = await http.call({ method: 'GET', path: '/deny', token: 'x' });
      expect(answer.status, answer.error).toBe(401);
    }
    expect(http.resets.length).toBeGreaterThanOrEqual(2);
    const [reset] = http.resets;
    expect(reset?.first.error).toMatch(/ECONNRESET|other side closed|UND_ERR_SOCKET/);
    expect(reset?.first.response).toBeUndefined();
    expect(reset?.retried.response?.status).toBe(401);
    expect(http.errorResponses.map((each) => each.label)).toEqual(
      Array.from({ length: 6 }, () => 'GET /deny 401'),
    );
    expect(http.errorResponses[0]?.text).toContain('invalid token');
  });

  it('does not hide a server that resets every connection: the second try fails too', async () => {
    const baseUrl = await closesAfterErrors();
    const http = client(baseUrl);
    expect((await http.call({ method: 'GET', path: '/ok', token: 'x' })).status).toBe(200);
    const resetting = client(await closesAfterErrors({ resetEverything: true }));
    // Nothing completed on its pool yet: no socket can have been reused, so no second try.
    const first = await resetting.call({ method: 'GET', path: '/ok', token: 'x' });
    expect(first.status).toBeUndefined();
    expect(first.resetFirst).toBeUndefined();
    expect(resetting.resets).toEqual([]);
  });
});
