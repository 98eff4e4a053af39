// Spec: ums.md §14 (test-control surface, mock design): an HTTP API over the consumer simulator,
// guarded by a bearer token, so that a program in any language can drive the mock.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SchemaId, validate } from '../../schemas/index.ts';
import { MockCloud } from '../cloud/mock-cloud.ts';
import { ConsumerSimulator } from '../consumer/consumer-simulator.ts';
import { HttpRouter } from '../http/http-router.ts';
import { ManualClock } from '../platform/clock.ts';
import { createMockAccount, type MockAccount } from '../platform/mock-account.ts';
import { registerControlApi } from './control-api.ts';

const token = 'test-token-5f0c2b';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

function createAccount(accountId: string): { account: MockAccount; consumer: ConsumerSimulator } {
  const account = createMockAccount({
    accountId,
    clock: new ManualClock(),
    canReceiveRings: () => false,
  });
  account.directory.addSkill('bot-skill');
  return { account, consumer: new ConsumerSimulator(account, { defaultSkill: 'bot-skill' }) };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Asserts a body matches its schema and returns it. */
function expectSchema(schemaId: SchemaId, body: unknown): void {
  expect(validate(schemaId, body).issues, `body matches ${schemaId}`).toEqual([]);
}

describe('control API', () => {
  let server: Server;
  let origin: string;
  const main = createAccount('123');
  const other = createAccount('456');

  beforeAll(async () => {
    const router = new HttpRouter(4096);
    registerControlApi(router, {
      simulator: (accountId) =>
        accountId === undefined || accountId === '123'
          ? main.consumer
          : accountId === '456'
            ? other.consumer
            : undefined,
      token,
    });
    server = createServer((req, res) => {
      void router.handle(req, res, false);
    });
    origin = `http://127.0.0.1:${await listen(server)}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    authorization: string | null = `Bearer ${token}`,
  ): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== null) headers.authorization = authorization;
    const response = await request(`${origin}${path}`, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  }

  async function open(body: unknown = { text: 'hi' }): Promise<string> {
    const reply = await call('POST', '/control/conversations', body);
    expect(reply.status).toBe(201);
    return (reply.body as { conversationId: string }).conversationId;
  }

  describe('authorization', () => {
    it.each([
      ['no Authorization header', null],
      ['a wrong token', 'Bearer not-the-token'],
      ['a token prefix', `Bearer ${token.slice(0, -1)}`],
      ['the token without the Bearer scheme', token],
      ['an empty bearer', 'Bearer '],
    ])('answers 401 control-error for %s', async (_, authorization) => {
      const reply = await call('POST', '/control/conversations', {}, authorization);
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Bearer realm="control"');
      expectSchema('control-error', reply.body);
      expect(reply.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    });

    it('does not open a conversation for an unauthorized request', async () => {
      const before = main.account.conversations.conversations.size;
      await call('POST', '/control/conversations', { text: 'hi' }, 'Bearer wrong');
      expect(main.account.conversations.conversations.size).toBe(before);
    });

    it('guards every route', async () => {
      for (const [method, path] of [
        ['POST', '/control/conversations/x/messages'],
        ['POST', '/control/conversations/x/close'],
        ['GET', '/control/conversations/x/transcript'],
      ] as const) {
        expect((await call(method, path, undefined, null)).status).toBe(401);
      }
    });

    it('refuses to register with an empty token', () => {
      expect(() =>
        registerControlApi(new HttpRouter(), { simulator: main.consumer, token: '' }),
      ).toThrow(/token is empty/);
    });
  });

  describe('POST /conversations', () => {
    it('opens a messaging conversation with SDES and answers 201 {conversationId, consumerId}', async () => {
      const sdes = { authenticatedSdes: { customerInfo: { customerId: 'c-9' } } };
      const reply = await call('POST', '/control/conversations', {
        skill: 'bot-skill',
        text: 'hi',
        sdes,
        engagementId: 7,
      });
      expect(reply.status).toBe(201);
      expectSchema('control-open-conversation-response', reply.body);
      const { conversationId, consumerId } = reply.body as {
        conversationId: string;
        consumerId: string;
      };
      const conversation = main.account.conversations.require(conversationId);
      expect(conversation.consumerId).toBe(consumerId);
      expect(conversation.context).toEqual({ engagementId: 7, sdes });
    });

    it('opens a chat with an empty body on the default skill', async () => {
      const reply = await call('POST', '/control/conversations', '');
      expect(reply.status).toBe(201);
      const { conversationId } = reply.body as { conversationId: string };
      const chat = await call('POST', '/control/conversations', { channel: 'chat' });
      const chatId = (chat.body as { conversationId: string }).conversationId;
      expect(main.account.conversations.require(conversationId).channel).toBe('messaging');
      expect(main.account.conversations.require(chatId).channel).toBe('chat');
    });

    it('opens on another account under /accounts/:accountId', async () => {
      const reply = await call('POST', '/control/accounts/456/conversations', { text: 'hi' });
      expect(reply.status).toBe(201);
      const { conversationId } = reply.body as { conversationId: string };
      expect(other.account.conversations.get(conversationId)).toBeDefined();
      expect(main.account.conversations.get(conversationId)).toBeUndefined();
    });

    it('answers 404 UNKNOWN_ACCOUNT for an account the mock does not host', async () => {
      const reply = await call('POST', '/control/accounts/999/conversations', {});
      expect(reply.status).toBe(404);
      expectSchema('control-error', reply.body);
      expect(reply.body).toMatchObject({ error: { code: 'UNKNOWN_ACCOUNT' } });
    });

    it('answers 400 UNKNOWN_SKILL for an unknown skill name', async () => {
      const reply = await call('POST', '/control/conversations', { skill: 'billing' });
      expect(reply.status).toBe(400);
      expectSchema('control-error', reply.body);
      expect(reply.body).toMatchObject({
        error: { code: 'UNKNOWN_SKILL', message: expect.stringContaining('"billing"') },
      });
    });

    it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
      const reply = await call('POST', '/control/conversations', '{"skill":');
      expect(reply.status).toBe(400);
      expectSchema('control-error', reply.body);
      expect(reply.body).toMatchObject({ error: { code: 'INVALID_JSON' } });
    });

    it('answers 400 INVALID_BODY listing the issues for a body that fails its schema', async () => {
      const reply = await call('POST', '/control/conversations', { channel: 'voice', extra: 1 });
      expect(reply.status).toBe(400);
      expectSchema('control-error', reply.body);
      const issues = (reply.body as { error: { issues: { path: string; keyword: string }[] } })
        .error.issues;
      expect(issues.map((issue) => [issue.path, issue.keyword])).toEqual(
        expect.arrayContaining([
          ['/channel', 'enum'],
          ['/extra', 'additionalProperties'],
        ]),
      );
    });

    it('answers 413 BODY_TOO_LARGE past the router limit', async () => {
      const reply = await call('POST', '/control/conversations', { text: 'x'.repeat(5000) });
      expect(reply.status).toBe(413);
      expectSchema('control-error', reply.body);
      expect(reply.body).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
    });
  });

  describe('POST /conversations/:id/messages', () => {
    it('sends text, rich content and a file, answering their sequences', async () => {
      const id = await open();
      const location = {
        type: 'vertical',
        elements: [{ type: 'map', la: 1.5, lo: 2.5, alt: 'here' }],
      };
      const file = { relativePath: '/v1/files/a.png', fileType: 'PNG', preview: 'data:,' };
      const replies = [
        await call('POST', `/control/conversations/${id}/messages`, { text: 'second' }),
        await call('POST', `/control/conversations/${id}/messages`, { richContent: location }),
        await call('POST', `/control/conversations/${id}/messages`, { file }),
      ];
      for (const reply of replies) expectSchema('control-send-message-response', reply.body);
      expect(replies.map((reply) => [reply.status, reply.body])).toEqual([
        [200, { sequence: 1 }],
        [200, { sequence: 2 }],
        [200, { sequence: 3 }],
      ]);
      const events = main.consumer.transcript(id).events;
      expect(events.map((event) => event.message ?? event.content ?? event.file)).toEqual([
        'hi',
        'second',
        location,
        file,
      ]);
    });

    it('answers 400 INVALID_BODY for two kinds at once or none', async () => {
      const id = await open();
      for (const body of [{ text: 'a', richContent: {} }, {}]) {
        const reply = await call('POST', `/control/conversations/${id}/messages`, body);
        expect(reply.status).toBe(400);
        expectSchema('control-error', reply.body);
        expect(reply.body).toMatchObject({ error: { code: 'INVALID_BODY' } });
      }
      expect(main.consumer.transcript(id).events).toHaveLength(1);
    });

    it('answers 404 CONVERSATION_NOT_FOUND for an unknown conversation', async () => {
      const reply = await call('POST', '/control/conversations/nope/messages', { text: 'hi' });
      expect(reply.status).toBe(404);
      expectSchema('control-error', reply.body);
      expect(reply.body).toMatchObject({ error: { code: 'CONVERSATION_NOT_FOUND' } });
    });

    it('answers 409 CONVERSATION_CLOSED for a closed conversation', async () => {
      const id = await open();
      main.consumer.close(id);
      const reply = await call('POST', `/control/conversations/${id}/messages`, { text: 'hi' });
      expect(reply.status).toBe(409);
      expectSchema('control-error', reply.body);
      expect(reply.body).toMatchObject({ error: { code: 'CONVERSATION_CLOSED' } });
    });
  });

  describe('POST /conversations/:id/close', () => {
    it('closes the conversation as the consumer and answers 200 {}', async () => {
      const id = await open();
      const reply = await call('POST', `/control/conversations/${id}/close`);
      expect([reply.status, reply.body]).toEqual([200, {}]);
      expect(main.account.conversations.require(id)).toMatchObject({
        state: 'CLOSE',
        closeReason: 'CONSUMER',
      });
    });

    it('answers 409 when already closed and 404 when unknown', async () => {
      const id = await open();
      await call('POST', `/control/conversations/${id}/close`);
      const again = await call('POST', `/control/conversations/${id}/close`);
      const unknown = await call('POST', '/control/conversations/nope/close');
      expect([again.status, unknown.status]).toEqual([409, 404]);
      expectSchema('control-error', again.body);
      expectSchema('control-error', unknown.body);
    });
  });

  describe('GET /conversations/:id/transcript', () => {
    it('answers 200 with a transcript that matches control-transcript', async () => {
      const id = await open({ text: 'hi', sdes: { unauthenticatedSdes: { a: 1 } } });
      main.consumer.typing(id);
      main.consumer.markRead(id, [0]);
      await call('POST', `/control/conversations/${id}/close`);
      const reply = await call('GET', `/control/conversations/${id}/transcript`);
      expect(reply.status).toBe(200);
      expectSchema('control-transcript', reply.body);
      expect(reply.body).toEqual(main.consumer.transcript(id));
      expect(reply.body).toMatchObject({ state: 'CLOSE', skill: 'bot-skill' });
    });

    it('answers 404 CONVERSATION_NOT_FOUND for an unknown conversation', async () => {
      const reply = await call('GET', '/control/conversations/nope/transcript');
      expect(reply.status).toBe(404);
      expectSchema('control-error', reply.body);
    });

    it('answers 404 for a conversation of another account', async () => {
      const id = await open();
      const reply = await call('GET', `/control/accounts/456/conversations/${id}/transcript`);
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({ error: { code: 'CONVERSATION_NOT_FOUND' } });
    });
  });

  describe('with a single simulator and a custom prefix', () => {
    it('serves that account only, under the prefix', async () => {
      const single = createAccount('789');
      const router = new HttpRouter();
      registerControlApi(router, { simulator: single.consumer, token, prefix: '/ctl/' });
      const local = createServer((req, res) => {
        void router.handle(req, res, false);
      });
      const port = await listen(local);
      try {
        const headers = { authorization: `Bearer ${token}` };
        const opened = await request(`http://127.0.0.1:${port}/ctl/accounts/789/conversations`, {
          method: 'POST',
          headers,
          body: '{"text":"hi"}',
        });
        expect(opened.statusCode).toBe(201);
        await opened.body.dump();
        const foreign = await request(`http://127.0.0.1:${port}/ctl/accounts/123/conversations`, {
          method: 'POST',
          headers,
          body: '{}',
        });
        expect(foreign.statusCode).toBe(404);
        expect(await foreign.body.json()).toMatchObject({ error: { code: 'UNKNOWN_ACCOUNT' } });
      } finally {
        local.closeAllConnections();
        await new Promise((resolve) => local.close(resolve));
      }
    });
  });
});

// Lock-down (issue 13): the mock cloud serves the control API on its TLS port and on its plain
// HTTP twin; neither lets a request without the run's token drive a conversation.
describe('control API on both ports of the mock cloud', () => {
  let cloud: MockCloud;
  let dispatcher: Agent;
  let conversationId: string;

  beforeAll(async () => {
    cloud = await MockCloud.start();
    dispatcher = new Agent({ connect: { ca: cloud.certificates.caCertPem } });
    conversationId = cloud.consumer.open({ text: 'hi' }).conversationId;
  });

  afterAll(async () => {
    await dispatcher.close();
    await cloud.stop();
  });

  const ports = [
    ['HTTPS', () => cloud.urls.https],
    ['HTTP', () => cloud.urls.http],
  ] as const;

  async function send(
    origin: string,
    method: 'GET' | 'POST',
    path: string,
    authorization: string | null,
  ): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== null) headers.authorization = authorization;
    const response = await request(`${origin}${path}`, {
      method,
      headers,
      ...(method === 'POST' ? { body: '{"text":"from nobody"}' } : {}),
      dispatcher,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  }

  it.each(ports)(
    'serves the control API over %s (the token opens a conversation)',
    async (_, origin) => {
      const reply = await send(
        origin(),
        'POST',
        '/control/conversations',
        `Bearer ${cloud.controlToken}`,
      );
      expect(reply.status).toBe(201);
      expectSchema('control-open-conversation-response', reply.body);
    },
  );

  it.each(ports)('answers 401 on every route over %s without the token', async (_, origin) => {
    const conversations = cloud.account.conversations.conversations.size;
    const events = cloud.consumer.transcript(conversationId).events.length;
    const routes = [
      ['POST', '/control/conversations'],
      ['POST', `/control/accounts/${cloud.account.accountId}/conversations`],
      ['POST', `/control/conversations/${conversationId}/messages`],
      ['GET', `/control/conversations/${conversationId}/transcript`],
      ['POST', `/control/conversations/${conversationId}/close`],
    ] as const;
    for (const authorization of [
      null,
      'Bearer not-the-token',
      `Bearer ${cloud.controlToken.slice(0, -1)}`,
      cloud.controlToken,
    ]) {
      for (const [method, path] of routes) {
        const reply = await send(origin(), method, path, authorization);
        const what = `${method} ${path} with ${authorization === null ? 'no Authorization' : 'a wrong one'}`;
        expect(reply.status, what).toBe(401);
        expect(reply.headers['www-authenticate'], what).toBe('Bearer realm="control"');
        expect(reply.body, what).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
    }
    // Nothing was opened, said or closed.
    expect(cloud.account.conversations.conversations.size).toBe(conversations);
    expect(cloud.consumer.transcript(conversationId).events).toHaveLength(events);
    expect(cloud.consumer.transcript(conversationId).state).toBe('OPEN');
  });
});
