// Spec: ums.md §4.1 (login: password, API-key and SAML bodies; 200 with bearer, csrf, config and
// Set-Cookie; errors carry body.error because node-agent-sdk 1.2.0 ignores the status), §4.2
// (refresh and logout with {csrf} and the cookie) and §11 (one session per agent user).
import { Buffer } from 'node:buffer';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import { HttpRouter } from '../http/http-router.ts';
import type { Agent } from '../platform/account-directory.ts';
import { ManualClock } from '../platform/clock.ts';
import { createMockAccount } from '../platform/mock-account.ts';
import {
  startTestHttpsServer,
  type TestHttpsServer,
} from '../tls/test-support/test-https-server.ts';
import { type AgentSession, AgentSessions, type SessionEndReason } from './agent-sessions.ts';
import { registerLoginRoutes, samlNameId } from './login-routes.ts';

const accountId = '12345678';
const password = 'pa55-word-never-echoed';
const hour = 60 * 60 * 1000;

describe('login routes', () => {
  let server: TestHttpsServer;
  let clock: ManualClock;
  let sessions: AgentSessions;
  let bot: Agent;
  let samlBot: Agent;
  const revoked: [AgentSession, SessionEndReason][] = [];

  beforeAll(async () => {
    clock = new ManualClock();
    sessions = new AgentSessions({ clock });
    sessions.on('revoked', (session, reason) => revoked.push([session, reason]));
    const account = createMockAccount({ accountId, clock, canReceiveRings: () => false });
    bot = account.directory.addAgent({ loginName: 'bot', password, isBot: true });
    samlBot = account.directory.addAgent({ loginName: 'saml.bot@example.com', isBot: true });
    const router = new HttpRouter();
    registerLoginRoutes(router, {
      accounts: (id) => (id === accountId ? account : undefined),
      sessions,
      host: (secure) => (secure ? server.host : server.plainHost),
    });
    server = await startTestHttpsServer(router);
  });

  afterAll(async () => {
    sessions?.dispose();
    await server?.close();
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await request(`${server.origin}${path}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
      dispatcher: server.dispatcher,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      text,
      json: text ? JSON.parse(text) : undefined,
    };
  }

  const login = (body: unknown, account = accountId) =>
    post(`/api/account/${account}/login?v=1.3`, body);

  /** Logs in by password and returns the session plus the Cookie header to send back. */
  async function loggedIn() {
    const answer = await login({ username: 'bot', password });
    expect(answer.status).toBe(200);
    const setCookie = String(answer.headers['set-cookie']);
    return { body: answer.json, cookie: setCookie.split(';')[0] ?? '' };
  }

  function expectLoginError(answer: Awaited<ReturnType<typeof post>>, status: number): void {
    expect(answer.status).toBe(status);
    expect(validate('agent-login-error', answer.json).issues).toEqual([]);
    expect(answer.text).not.toContain(password);
  }

  it('logs in with user and password: 200, a login-response body and the session cookie', async () => {
    const answer = await login({ username: 'bot', password });
    expect(answer.status).toBe(200);
    expect(validate('agent-login-response', answer.json).issues).toEqual([]);
    expect(answer.json.config).toMatchObject({
      userId: bot.userId,
      userPid: bot.pid,
      loginName: 'bot',
    });
    expect(answer.json.sessionTTl).toBe('28800000');
    expect(answer.json.csdsCollectionResponse.baseURIs).toContainEqual({
      service: 'agentVep',
      account: accountId,
      baseURI: server.host,
    });
    expect(answer.headers['set-cookie']).toMatch(
      /^session_id=[A-Za-z0-9_-]+; Path=\/; HttpOnly; Secure$/,
    );
    const session = sessions.byBearer(answer.json.bearer);
    expect(session).toMatchObject({ userId: bot.userId, csrf: answer.json.csrf });
    expect(answer.headers['set-cookie']).toBe(
      `session_id=${session?.sessionId}; Path=/; HttpOnly; Secure`,
    );
  });

  it('leaves Secure off the session cookie over plain HTTP, so cookie jars keep it', async () => {
    const response = await request(`${server.plainOrigin}/api/account/${accountId}/login?v=1.3`, {
      method: 'POST',
      body: JSON.stringify({ username: 'bot', password }),
      headers: { 'content-type': 'application/json' },
    });
    await response.body.text();
    expect(response.headers['set-cookie']).toMatch(
      /^session_id=[A-Za-z0-9_-]+; Path=\/; HttpOnly$/,
    );
  });

  it('logs in with the OAuth 1 API-key body', async () => {
    const answer = await login({ username: 'bot', ...bot.apiKey });
    expect(answer.status).toBe(200);
    expect(answer.json.config.userId).toBe(bot.userId);
  });

  it('rejects an API-key body with one wrong credential with 401', async () => {
    const answer = await login({ username: 'bot', ...bot.apiKey, accessTokenSecret: 'wrong' });
    expectLoginError(answer, 401);
    expect(answer.text).not.toContain(bot.apiKey.secret);
  });

  it.each([
    ['a bare NameID', '<NameID>saml.bot@example.com</NameID>'],
    [
      'a namespaced NameID inside an assertion',
      '<saml2:Assertion><saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">saml.bot@example.com</saml2:NameID></saml2:Subject></saml2:Assertion>',
    ],
    [
      'a base64-encoded assertion',
      Buffer.from('<Assertion><NameID>saml.bot@example.com</NameID></Assertion>').toString(
        'base64',
      ),
    ],
  ])('logs in with a SAML assertion holding %s', async (_, assertion) => {
    const answer = await login({ jwt: 'dummy', assertion });
    expect(answer.status).toBe(200);
    expect(answer.json.config.userId).toBe(samlBot.userId);
  });

  it('rejects a SAML assertion that names no agent with 401', async () => {
    expectLoginError(await login({ jwt: 'dummy', assertion: '<NameID>nobody</NameID>' }), 401);
    expect(samlNameId('no name id here')).toBeUndefined();
  });

  it.each([
    ['a wrong password', { username: 'bot', password: `${password}!` }, accountId],
    ['an unknown user', { username: 'nobody', password }, accountId],
    ['an unknown account', { username: 'bot', password }, '999'],
  ])('answers 401 UNAUTHORIZED with body.error for %s', async (_, body, account) => {
    const answer = await login(body, account);
    expectLoginError(answer, 401);
    expect(answer.json.error).toMatchObject({ responseStatus: 'UNAUTHORIZED', time: clock.now() });
  });

  it.each([
    ['text that is not JSON', '{"username": "bot", '],
    ['a JSON array', '[]'],
    ['a body mixing password and API key', { username: 'bot', password, appKey: 'k' }],
    ['a password without username', { password }],
  ])('answers 400 BAD_REQUEST with body.error for %s', async (_, body) => {
    const answer = await login(body);
    expectLoginError(answer, 400);
    expect(answer.json.error.responseStatus).toBe('BAD_REQUEST');
  });

  it('answers 415 with body.error for a form body', async () => {
    const answer = await post(
      `/api/account/${accountId}/login`,
      `username=bot&password=${password}`,
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expectLoginError(answer, 415);
  });

  it('revokes the older session of the user on a second login', async () => {
    const first = await loggedIn();
    revoked.length = 0;
    const second = await loggedIn();
    expect(revoked).toEqual([[expect.objectContaining({ bearer: first.body.bearer }), 'replaced']]);
    expect(sessions.byBearer(first.body.bearer)).toBeUndefined();
    expect(sessions.byBearer(second.body.bearer)).toBeDefined();
  });

  it('refreshes with {csrf} and the cookie: 200 {} and the expiry moves forward', async () => {
    const { body, cookie } = await loggedIn();
    const before = sessions.byBearer(body.bearer)?.expiresAt ?? 0;
    clock.advance(hour);
    const answer = await post(
      `/api/account/${accountId}/refresh?v=1.3`,
      { csrf: body.csrf },
      { cookie },
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({});
    expect(sessions.byBearer(body.bearer)?.expiresAt).toBe(before + hour);
  });

  it.each([
    ['a wrong csrf', (csrf: string) => ({ csrf: `${csrf}x` }), true],
    ['no csrf', () => ({}), true],
    ['no cookie', (csrf: string) => ({ csrf }), false],
  ])(
    'answers a refresh with %s with 401 "CSRF token invalid!", internalCode 10',
    async (_, body, withCookie) => {
      const { body: session, cookie } = await loggedIn();
      const answer = await post(
        `/api/account/${accountId}/refresh?v=1.3`,
        body(session.csrf),
        withCookie ? { cookie } : {},
      );
      expectLoginError(answer, 401);
      expect(answer.json.error).toMatchObject({
        internalCode: 10,
        responseStatus: 'UNAUTHORIZED',
        message: expect.stringMatching(/^CSRF token invalid! /),
      });
    },
  );

  it('answers a refresh after the session expired with 401', async () => {
    const { body, cookie } = await loggedIn();
    clock.advance(8 * hour);
    const answer = await post(`/api/account/${accountId}/refresh`, { csrf: body.csrf }, { cookie });
    expectLoginError(answer, 401);
    expect(sessions.byBearer(body.bearer)).toBeUndefined();
  });

  it('logs out with {csrf} and the cookie: 200 empty, then the bearer is dead and logout is 401', async () => {
    const { body, cookie } = await loggedIn();
    const answer = await post(`/api/account/${accountId}/logout`, { csrf: body.csrf }, { cookie });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(sessions.byBearer(body.bearer)).toBeUndefined();
    const again = await post(`/api/account/${accountId}/logout`, { csrf: body.csrf }, { cookie });
    expectLoginError(again, 401);
  });
});
