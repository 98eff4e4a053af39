// Issue 13 (the mock under bad input); decision 0014. Each counterexample found while fuzzing the
// mock (seed 132026 unless said otherwise) as a named test: the input, and the well-formed 4xx it
// gets now. The three found by hand are in ../bad-input.test.ts and ../../ums/ums-server.test.ts;
// the traffic log's memory bound is in ums-flood.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { TestUmsClient } from '../../ums/test-support/test-ums-client.ts';
import { umsErrorCodes } from '../../ums/ums-request-error.ts';
import { MockCloud } from '../mock-cloud.ts';
import { type FuzzSurface, refusalProblems } from './test-support/answer-shapes.ts';
import { expectServing } from './test-support/healthy-client.ts';
import { HttpProbe, type ProbeRequest } from './test-support/http-probe.ts';
import { sendUpgrade } from './test-support/raw-upgrade.ts';

const cloud = await MockCloud.start();
const probe = new HttpProbe(cloud.urls.http);
const accountId = cloud.account.accountId;
afterAll(async () => {
  probe.close();
  await cloud.stop();
});

async function expectRefused(surface: FuzzSurface, request: ProbeRequest, status: number) {
  const answer = await probe.send(request);
  expect(answer.status, answer.text).toBe(status);
  expect(refusalProblems(surface, answer)).toEqual([]);
  await expectServing(cloud, probe);
  return { ...answer, body: JSON.parse(answer.text) as Record<string, unknown> };
}

describe('request targets the router could not parse', () => {
  // Before: `new URL` threw outside the router's try, an unhandled rejection that ends a mock
  // started from the CLI; the request got no answer.
  it.each([
    ['http://', 400],
    ['http://[', 400],
    ['*', 400],
    ['//', 404],
  ])('GET %s: %i in JSON', async (target, status) => {
    const { body } = await expectRefused('csds', { method: 'GET', target }, status);
    expect(body.error).toMatch(status === 400 ? /^Malformed request target/ : /^No route/);
  });

  // Before: 200, the router took `x` for a host and served /api/account/….
  it('GET //x/api/account/{accountId}/service/baseURI.json: 404, not the CSDS answer', async () => {
    const target = `//x/api/account/${accountId}/service/baseURI.json`;
    await expectRefused('csds', { method: 'GET', target }, 404);
  });

  // Before: node's own 400 with no body and no Content-Type (counterexample of csds-fuzz).
  it('a raw non-ASCII byte in the target: 400 in the error form of the surface it names', async () => {
    await expectRefused(
      'csds',
      { method: 'GET', target: '/api/account/ÐÖÍßå/service/baseURI.json' },
      400,
    );
    const token = await expectRefused(
      'sentinel',
      {
        method: 'POST',
        target: `/sentinel/api/account/${accountId}/app/token?à`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      },
      400,
    );
    expect(token.body.error).toBe('invalid_request');
  });
});

describe('websocket upgrades on paths that are not a brand socket', () => {
  // Before: `//` threw in the upgrade listener (an uncaught exception: the process ends); the
  // others were dropped without an answer.
  it.each([
    ['//', 404],
    ['/nope', 404],
    [`/ws_api/account/${accountId}/messaging/brand/%E0%A4%A?v=2.1`, 400],
    [`/ws_api/account/${accountId}/messaging/brand/not-a-bearer?v=2.1`, 401],
  ])('%s: %i with a JSON error', async (target, status) => {
    const answer = await sendUpgrade(cloud.urls.http, target);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { message: expect.any(String) } });
    await expectServing(cloud, probe);
  });
});

describe("the router's own errors in each surface's error shape", () => {
  // Before: `{"error": "<message>"}` on every surface, whatever its documented error shape.
  it('control API: 405 METHOD_NOT_ALLOWED with Allow, 400 INVALID_PATH, 404 NOT_FOUND', async () => {
    const authorization = `Bearer ${cloud.controlToken}`;
    const wrongMethod = await expectRefused(
      'control',
      { method: 'PUT', target: '/control/conversations', headers: { authorization } },
      405,
    );
    expect(wrongMethod.body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    expect(wrongMethod.headers.allow).toBe('POST');
    const badPath = await expectRefused(
      'control',
      {
        method: 'POST',
        target: '/control/conversations/%E0%A4%A/messages',
        headers: { authorization },
      },
      400,
    );
    expect(badPath.body.error).toMatchObject({ code: 'INVALID_PATH' });
    const unknown = await expectRefused(
      'control',
      { method: 'GET', target: '/control/nope', headers: { authorization } },
      404,
    );
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('Sentinel: OAuth invalid_request with Cache-Control: no-store', async () => {
    const wrongMethod = await expectRefused(
      'sentinel',
      { method: 'GET', target: `/sentinel/api/v2/account/${accountId}/app/token` },
      405,
    );
    expect(wrongMethod.body.error).toBe('invalid_request');
    const badPath = await expectRefused(
      'sentinel',
      {
        method: 'POST',
        target: '/sentinel/api/v2/account/%E0%A4%A/app/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      },
      400,
    );
    expect(badPath.body.error).toBe('invalid_request');
  });

  it('agentVep login, refresh and logout: the agentVep error body', async () => {
    const wrongMethod = await expectRefused(
      'login',
      { method: 'GET', target: `/api/account/${accountId}/login` },
      405,
    );
    expect(wrongMethod.body.error).toMatchObject({ responseStatus: 'METHOD_NOT_ALLOWED' });
    for (const operation of ['login', 'refresh', 'logout']) {
      await expectRefused(
        'login',
        {
          method: 'POST',
          target: `/api/account/%E0%A4%A/${operation}`,
          headers: { 'content-type': 'application/json' },
          body: '{}',
        },
        400,
      );
    }
  });
});

describe('UMS frames nested deeper than the platform parser reads', () => {
  // Before: served, but each took ~40 ms in the validator (printing the value overflowed the
  // stack twice), so a flood of them starved every other socket.
  it('answers a frame nested 5,000 deep with 400 at once, naming the limit', async () => {
    const { bearer } = cloud.sessions.issueBearer(accountId, cloud.agent);
    const client = await TestUmsClient.connect(
      `${cloud.urls.http.replace(/^http/, 'ws')}/ws_api/account/${accountId}/messaging/brand/${bearer}?v=2.1`,
    );
    try {
      const depth = 5_000;
      client.sendText(
        `{"kind":"req","id":"deep","type":".GetClock","body":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      );
      const response = await client.response('deep');
      expect(response).toMatchObject({ code: 400, type: '.ReqBody$ErrorResp' });
      expect(response.body).toMatchObject({
        errorCode: umsErrorCodes.malformedFrame,
        details: expect.stringContaining('nested more than 1000 levels deep'),
      });
      expect(await client.request('.GetClock')).toMatchObject({ code: 200 });
    } finally {
      await client.close();
    }
  });
});
