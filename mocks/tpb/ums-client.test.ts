/**
 * The UMS agent client against the real mock cloud, over WSS with its CA (and once over plain WS):
 * spec ums.md §3 (CSDS), §4 (login, refresh, logout), §5 (socket, frames, close codes), §7–§9
 * (requests, notifications, conversation fields), §10 (errors), §11–§12 (bot sequence).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { MockCloud } from '../cloud/mock-cloud.ts';
import { UmsClient, type UmsClientEvents, type UmsClientOptions } from './ums-client.ts';
import { UmsClientError } from './ums-client-error.ts';

let cloud: MockCloud;
const clients: UmsClient[] = [];

beforeAll(async () => {
  cloud = await MockCloud.start({ skills: ['bot', 'human'], maxOpenConversations: 2000 });
});

afterEach(async () => {
  // One session per agent user: every test logs in afresh, so close what the last one opened.
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await cloud.stop();
});

function options(overrides: Partial<UmsClientOptions> = {}): UmsClientOptions {
  return {
    csdsDomain: cloud.urls.csdsDomain,
    accountId: cloud.account.accountId,
    username: cloud.agent.loginName,
    password: cloud.agent.password,
    ca: cloud.certificates.caCertPem,
    ...overrides,
  };
}

async function connect(overrides: Partial<UmsClientOptions> = {}): Promise<UmsClient> {
  const client = await UmsClient.connect(options(overrides));
  clients.push(client);
  return client;
}

/** Resolves with the arguments of the first `event` that matches; rejects naming what it awaited. */
function nextEvent<E extends keyof UmsClientEvents>(
  client: UmsClient,
  event: E,
  description: string,
  predicate: (...args: UmsClientEvents[E]) => boolean = () => true,
  timeoutMs = 2000,
): Promise<UmsClientEvents[E]> {
  const emitter = client as unknown as {
    on(event: E, listener: (...args: UmsClientEvents[E]) => void): void;
    off(event: E, listener: (...args: UmsClientEvents[E]) => void): void;
  };
  return new Promise((resolve, reject) => {
    const listener = (...args: UmsClientEvents[E]): void => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.`));
    }, timeoutMs);
    emitter.on(event, listener);
  });
}

/** The rejection of `promise`, which must be a UmsClientError. */
async function failure(promise: Promise<unknown>): Promise<UmsClientError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UmsClientError);
  return error as UmsClientError;
}

describe('UmsClient.connect', () => {
  it('logs in over HTTPS/WSS and knows its identity from the login response (§4.1, §6)', async () => {
    const client = await connect();
    expect(client.isOpen).toBe(true);
    expect(client.identity).toEqual({
      userId: cloud.agent.userId,
      pid: cloud.agent.pid,
      oldId: cloud.agent.oldId,
    });
    expect(cloud.ums.connections({ agent: cloud.agent.oldId })).toHaveLength(1);
  });

  it('speaks plain HTTP/WS when secure is false (§2)', async () => {
    const client = await connect({
      csdsDomain: new URL(cloud.urls.http).host,
      secure: false,
    });
    const response = await client.request<{ currentTime: number }>('.GetClock', {});
    expect(response).toMatchObject({ code: 200, type: '.GetClock$Response' });
    expect(typeof response.body.currentTime).toBe('number');
  });

  it('fails with UMS_LOGIN_FAILED on a wrong password and never shows the password', async () => {
    const password = 'wrong-Pa55word-that-must-not-leak';
    const error = await failure(UmsClient.connect(options({ password })));
    expect(error.code).toBe('UMS_LOGIN_FAILED');
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^Failed to log in as "tpb-bot"/);
    expect(error.message).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it('fails with UMS_CSDS_FAILED for an unknown account or an untrusted certificate (§3)', async () => {
    const unknown = await failure(UmsClient.connect(options({ accountId: '999' })));
    expect(unknown).toMatchObject({ code: 'UMS_CSDS_FAILED', status: 404 });
    const { ca: _ca, ...withoutCa } = options();
    const untrusted = await failure(UmsClient.connect(withoutCa));
    expect(untrusted.code).toBe('UMS_CSDS_FAILED');
    expect(untrusted.message).toContain('`ca`');
  });
});

describe('UmsClient.connect when the socket fails after the login', () => {
  it('logs out, so the failed attempt holds no session', async () => {
    // A CSDS that sends the websocket to a port nobody listens on, and login to the mock.
    const unreachable = createServer();
    await new Promise<void>((resolve) => unreachable.listen(0, '127.0.0.1', resolve));
    const deadHost = `127.0.0.1:${(unreachable.address() as AddressInfo).port}`;
    await new Promise((resolve) => unreachable.close(resolve));
    const loginHost = new URL(cloud.urls.http).host;
    const csds = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          baseURIs: [
            { service: 'agentVep', account: cloud.account.accountId, baseURI: loginHost },
            { service: 'asyncMessagingEnt', account: cloud.account.accountId, baseURI: deadHost },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => csds.listen(0, '127.0.0.1', resolve));
    try {
      const csdsDomain = `127.0.0.1:${(csds.address() as AddressInfo).port}`;
      const before = cloud.sessions.active().length;
      const error = await failure(UmsClient.connect(options({ csdsDomain, secure: false })));
      expect(error.code).toBe('UMS_SOCKET_FAILED');
      expect(cloud.sessions.active()).toHaveLength(before);
    } finally {
      await new Promise((resolve) => csds.close(resolve));
    }
  });
});

describe('a bot on UmsClient (§11, §12)', () => {
  it('takes a ring, sees the conversation and messages, replies and closes', async () => {
    const client = await connect();
    await client.setAgentState('ONLINE');
    await client.subscribeRoutingTasks();
    // The PId is sent as the old id, as node-agent-sdk does.
    await client.subscribeExConversations({ convState: ['OPEN'], agentIds: [client.identity.pid] });

    const rung = nextEvent(client, 'ring', 'a WAITING ring');
    const { conversationId } = cloud.consumer.open({ text: 'hello' });
    const [ring] = await rung;
    expect(ring).toMatchObject({ conversationId, skillId: cloud.agent.skillIds[0] });

    const assigned = nextEvent(
      client,
      'conversation',
      `conversation ${conversationId} with the bot as ASSIGNED_AGENT`,
      (change) =>
        change.result.convId === conversationId &&
        (change.result.conversationDetails.participants.ASSIGNED_AGENT ?? []).length > 0,
    );
    await client.acceptRing(ring.ringId);
    const [change] = await assigned;
    expect(change.type).toBe('UPSERT');
    expect(change.result.conversationDetails.participants.ASSIGNED_AGENT).toEqual([
      client.identity.oldId,
    ]);
    expect(change.result.conversationDetails.participantsPId.ASSIGNED_AGENT).toEqual([
      client.identity.pid,
    ]);

    const history = await client.queryMessages(conversationId);
    expect(history.map((event) => event.event)).toEqual([
      { type: 'ContentEvent', contentType: 'text/plain', message: 'hello' },
    ]);

    const received = nextEvent(
      client,
      'message',
      'the consumer text "how are you?"',
      (body) => body.dialogId === conversationId && body.originatorId !== client.identity.oldId,
    );
    cloud.consumer.sendText(conversationId, 'how are you?');
    const [message] = await received;
    expect(message.event).toEqual({
      type: 'ContentEvent',
      contentType: 'text/plain',
      message: 'how are you?',
    });

    const sequence = await client.publishEvent(
      conversationId,
      { type: 'ContentEvent', contentType: 'text/plain', message: 'fine, thanks' },
      { metadata: [{ type: 'ExternalId', id: 'reply-1' }] },
    );
    const reply = await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.from === 'bot' && event.type === 'ContentEvent',
      'the bot reply',
      { timeoutMs: 2000 },
    );
    expect(reply).toMatchObject({
      sequence,
      message: 'fine, thanks',
      metadata: [{ type: 'ExternalId', id: 'reply-1' }],
    });

    await client.updateConversationField(conversationId, [
      { field: 'ConversationStateField', conversationState: 'CLOSE' },
    ]);
    expect(
      (await cloud.consumer.waitForState(conversationId, 'CLOSE', { timeoutMs: 2000 })).state,
    ).toBe('CLOSE');
  });

  it('carries 1000 open conversations: accepts every ring and answers every message', {
    timeout: 10_000,
  }, async () => {
    const count = 1000;
    const client = await connect();
    const failures: unknown[] = [];
    client.on('ring', (ring) => {
      client.acceptRing(ring.ringId).catch((error: unknown) => failures.push(error));
    });
    await client.setAgentState('ONLINE');
    await client.subscribeRoutingTasks();
    await client.subscribeExConversations({
      convState: ['OPEN'],
      agentIds: [client.identity.oldId],
    });
    const ids = new Set<string>();
    const allAssigned = nextEvent(
      client,
      'conversation',
      `${count} conversations assigned to the bot`,
      (change) => {
        if (change.result.conversationDetails.participants.ASSIGNED_AGENT?.length) {
          ids.delete(change.result.convId);
        }
        return ids.size === 0;
      },
      8000,
    );
    for (let index = 0; index < count; index += 1) {
      ids.add(cloud.consumer.open({ text: `hi ${index}` }).conversationId);
    }
    const opened = [...ids];
    await allAssigned;
    const sequences = await Promise.all(
      opened.map((id) =>
        client.publishEvent(id, { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' }),
      ),
    );
    expect(sequences.every((sequence) => sequence === 1)).toBe(true);
    expect(failures).toEqual([]);
    for (const id of opened) cloud.consumer.close(id);
  });
});

describe('request errors (§5.2, §10)', () => {
  it('rejects a 4xx answer with UMS_REQUEST_FAILED carrying code and body', async () => {
    const client = await connect();
    const error = await failure(
      client.publishEvent('no-such-dialog', {
        type: 'ContentEvent',
        contentType: 'text/plain',
        message: 'hi',
      }),
    );
    expect(error.code).toBe('UMS_REQUEST_FAILED');
    expect(error.requestType).toBe('.ams.ms.PublishEvent');
    expect(error.response).toMatchObject({
      code: 404,
      type: '.ReqBody$ErrorResp',
      body: { title: 'Not Found', errorCode: 40400 },
    });
    expect(error.message).toMatch(/^Failed to send \.ams\.ms\.PublishEvent: UMS answered 404 /);

    cloud.faults.failNext('.GetClock', 429);
    const throttled = await failure(client.request('.GetClock', {}));
    expect(throttled.response?.code).toBe(429);
    expect(throttled.message).toContain('wait at least 1 s');
    expect((await client.request('.GetClock', {})).code).toBe(200);
  });

  it('times out a request nobody answers (UMS_REQUEST_TIMEOUT) and drops non-JSON frames', async () => {
    const silent = await startSilentUms();
    try {
      const client = await UmsClient.connect({
        csdsDomain: silent.host,
        accountId: '42',
        username: 'bot',
        password: 'secret',
        secure: false,
        requestTimeoutMs: 50,
      });
      clients.push(client);
      const error = await failure(client.request('.GetClock', {}));
      expect(error.code).toBe('UMS_REQUEST_TIMEOUT');
      expect(error.requestType).toBe('.GetClock');
      expect(error.message).toContain('within 50 ms');

      // The silent server answers this one type with a frame that is not JSON.
      const garbled = nextEvent(client, 'protocolError', 'a protocol error for a non-JSON frame');
      const dropped = failure(client.request('.Garbage', {}));
      expect((await garbled)[0].code).toBe('UMS_PROTOCOL_ERROR');
      expect((await dropped).code).toBe('UMS_REQUEST_TIMEOUT');
      await client.close();
    } finally {
      await silent.stop();
    }
  });
});

describe('socket lifecycle (§4.2, §5.3)', () => {
  it('reports a server close (1011) as `closed` and rejects pending requests', async () => {
    const client = await connect();
    const closed = nextEvent(client, 'closed', 'the socket to close');
    const pending = failure(client.request('.GetClock', {}));
    expect(cloud.faults.dropSocket(cloud.agent, 1011)).toBe(1);
    const [event] = await closed;
    expect(event.code).toBe(1011);
    const error = await pending;
    expect(error).toMatchObject({ code: 'UMS_CLOSED', closeCode: 1011, requestType: '.GetClock' });
    expect(client.isOpen).toBe(false);
    expect((await failure(client.request('.GetClock', {}))).code).toBe('UMS_CLOSED');
  });

  it('reports a cut connection as 1006', async () => {
    const client = await connect();
    const closed = nextEvent(client, 'closed', 'the socket to be cut');
    cloud.faults.dropSocket(cloud.agent, 1006);
    expect((await closed)[0].code).toBe(1006);
  });

  it('refreshes the session, and after expireBearer (4401) refresh fails and reconnect works', async () => {
    const client = await connect();
    await client.refresh();
    const closed = nextEvent(client, 'closed', 'the 4401 close after expireBearer');
    expect(cloud.faults.expireBearer(cloud.agent)).toBe(1);
    expect((await closed)[0].code).toBe(4401);
    expect(await failure(client.refresh())).toMatchObject({
      code: 'UMS_REFRESH_FAILED',
      status: 401,
    });

    await client.reconnect();
    expect(client.isOpen).toBe(true);
    expect(client.identity.oldId).toBe(cloud.agent.oldId);
    expect((await client.request('.GetClock', {})).code).toBe(200);
    await client.refresh();
    expect(cloud.sessions.active().filter((s) => s.userId === cloud.agent.userId)).toHaveLength(1);
  });

  it('reconnects while open without a `closed` event for the old socket', async () => {
    const client = await connect();
    const events: unknown[] = [];
    client.on('closed', (event) => events.push(event));
    await client.reconnect();
    expect((await client.request('.GetClock', {})).code).toBe(200);
    expect(events).toEqual([]);
    expect(cloud.ums.connections({ agent: cloud.agent.oldId })).toHaveLength(1);
  });

  it('close() is idempotent, logs out, emits no `closed` and refuses later requests', async () => {
    const client = await connect();
    const events: unknown[] = [];
    client.on('closed', (event) => events.push(event));
    const first = client.close();
    expect(client.close()).toBe(first);
    await first;
    expect(events).toEqual([]);
    expect(cloud.sessions.active().filter((s) => s.userId === cloud.agent.userId)).toEqual([]);
    expect(cloud.ums.connections({ agent: cloud.agent.oldId })).toEqual([]);
    const error = await failure(client.request('.GetClock', {}));
    expect(error.message).toContain('the client was closed');
    expect((await failure(client.reconnect())).code).toBe('UMS_CLOSED');
  });
});

/**
 * A UMS over plain HTTP/WS that logs anyone in and never answers a request (the only clean way
 * to make a request time out, since the mock answers every request at once); to a `.Garbage`
 * request it sends a frame that is not JSON.
 */
async function startSilentUms(): Promise<{ host: string; stop: () => Promise<void> }> {
  const wss = new WebSocketServer({ noServer: true });
  let host = '';
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    res.setHeader('content-type', 'application/json');
    if (url.includes('/service/baseURI.json')) {
      const services = ['agentVep', 'asyncMessagingEnt'];
      res.end(
        JSON.stringify({
          baseURIs: services.map((service) => ({ service, account: '42', baseURI: host })),
        }),
      );
    } else if (url.includes('/login')) {
      res.setHeader('set-cookie', 'session_id=s1; Path=/');
      res.end(JSON.stringify({ bearer: 'b1', csrf: 'c1', config: { userId: '7', userPid: 'p7' } }));
    } else {
      res.end('{}');
    }
  });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        if (String(data).includes('".Garbage"')) ws.send('not json');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    stop: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
