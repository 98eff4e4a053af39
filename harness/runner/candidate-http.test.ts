/**
 * Direct HTTP to a candidate: a kept-alive socket the server closed right after an error response
 * is not "no answer". Regression: SEC rules failed at random against servers that close the
 * connection after an error (Express with an error handler, for one). Decision 0009.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { CandidateHttp } from './candidate-http.ts';

const servers: Server[] = [];
const clients: CandidateHttp[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** How the test server behaves; a test may change it between requests. */
interface Behaviour {
  /** Drop every request's socket without answering. */
  resetEverything?: boolean;
}

/**
 * Answers `/deny` with 401 and `/ok` with 200, and never answers `/hang`. After an error response
 * it drops the socket when the next request arrives on it, before answering, without having sent
 * `Connection: close`: what a client sees when the server's close races its next request, made
 * certain instead of likely.
 */
async function closesAfterErrors(behaviour: Behaviour = {}): Promise<string> {
  const poisoned = new WeakSet<Socket>();
  const server = createServer((req, res) => {
    if (behaviour.resetEverything || poisoned.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    if (req.url === '/hang') return;
    const status = req.url === '/deny' ? 401 : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 401 ? { error: 'invalid token' } : { ok: true }));
    if (status >= 400) poisoned.add(req.socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `promise`, or a rejection naming what was awaited after 2 s. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after 2000 ms waiting for ${what}`)),
      2000,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function client(baseUrl: string, timeoutMs = 2000): CandidateHttp {
  const http = new CandidateHttp({ baseUrl, botId: 'b', environment: 'draft' }, { timeoutMs });
  clients.push(http);
  return http;
}

describe('CandidateHttp on a server that closes kept-alive sockets after errors', () => {
  it('the server reproduces the fault: a plain pooled request after a 401 dies unanswered', async () => {
    const baseUrl = await closesAfterErrors();
    const agent = new Agent({ connections: 1 });
    agents.push(agent);
    const first = await request(`${baseUrl}/deny`, { dispatcher: agent });
    await first.body.text();
    expect(first.statusCode).toBe(401);
    await expect(request(`${baseUrl}/deny`, { dispatcher: agent })).rejects.toThrow(
      /other side closed|ECONNRESET|socket/i,
    );
  });

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
    expect(reset?.first.attempt).toBe(1);
    expect(reset?.retried.response?.status).toBe(401);
    expect(reset?.retried.attempt).toBe(2);
    expect(http.errorLog.entries.map((each) => each.label)).toEqual(
      Array.from({ length: 6 }, () => 'GET /deny 401'),
    );
    expect(http.errorLog.entries[0]?.text).toContain('invalid token');
  });

  it('does not hide a server that resets every connection: the second try fails too', async () => {
    const behaviour: Behaviour = {};
    const http = client(await closesAfterErrors(behaviour));
    expect((await http.call({ method: 'GET', path: '/ok', token: 'x' })).status).toBe(200);
    behaviour.resetEverything = true;
    const answer = await http.call({ method: 'GET', path: '/ok', token: 'x' });
    expect(answer.status).toBeUndefined();
    expect(answer.error).toMatch(/ECONNRESET|other side closed|UND_ERR_SOCKET/);
    expect(answer.resetFirst?.error).toMatch(/ECONNRESET|other side closed|UND_ERR_SOCKET/);
    expect(answer.evidence.attempt).toBe(2);
    expect(http.resets).toHaveLength(1);
    expect(http.resets[0]?.retried.response).toBeUndefined();
  });

  it('does not send again when no socket can have been reused (nothing completed yet)', async () => {
    const resetting = client(await closesAfterErrors({ resetEverything: true }));
    const first = await resetting.call({ method: 'GET', path: '/ok', token: 'x' });
    expect(first.status).toBeUndefined();
    expect(first.resetFirst).toBeUndefined();
    expect(resetting.resets).toEqual([]);
  });

  it('does not send a timed-out request again', async () => {
    const http = client(await closesAfterErrors(), 300);
    expect((await http.call({ method: 'GET', path: '/ok', token: 'x' })).status).toBe(200);
    const answer = await http.call({ method: 'GET', path: '/hang', token: 'x' });
    expect(answer.timedOut).toBe(true);
    expect(answer.resetFirst).toBeUndefined();
    expect(http.resets).toEqual([]);
  });

  it('does not send again when the connection is refused', async () => {
    const baseUrl = await closesAfterErrors();
    const agent = new Agent({ connections: 1 });
    const http = new CandidateHttp(
      { baseUrl, botId: 'b', environment: 'draft' },
      { timeoutMs: 2000, dispatcher: agent },
    );
    clients.push(http);
    expect((await http.call({ method: 'GET', path: '/ok', token: 'x' })).status).toBe(200);
    const disconnected = once(agent, 'disconnect');
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await within(disconnected, 'the client to see the server close its kept-alive socket');
    const answer = await http.call({ method: 'GET', path: '/ok', token: 'x' });
    expect(answer.error).toMatch(/ECONNREFUSED/);
    expect(answer.resetFirst).toBeUndefined();
    expect(http.resets).toEqual([]);
  });
});
