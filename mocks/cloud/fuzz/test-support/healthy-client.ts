import { expect } from 'vitest';
import { TestUmsClient } from '../../../ums/test-support/test-ums-client.ts';
import type { MockCloud } from '../../mock-cloud.ts';
import { answerProblems } from './answer-shapes.ts';
import type { HttpProbe } from './http-probe.ts';

/** A good CSDS request still gets its 200: the cheap check after every bad request. */
export async function expectServing(cloud: MockCloud, probe: HttpProbe): Promise<void> {
  const answer = await probe.send({
    method: 'GET',
    target: `/api/account/${cloud.account.accountId}/service/baseURI.json`,
  });
  expect(answer.status, 'a good CSDS request after a bad one').toBe(200);
  expect(answerProblems('csds', answer, 'csds-response')).toEqual([]);
}

/**
 * A healthy client still does everything after a batch of bad requests: a Sentinel token, a
 * login, a control request and a UMS round trip on a new socket.
 */
export async function expectHealthy(cloud: MockCloud, probe: HttpProbe): Promise<void> {
  const accountId = cloud.account.accountId;
  const token = await probe.send({
    method: 'POST',
    target: `/sentinel/api/v2/account/${accountId}/app/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: cloud.app.clientId,
      client_secret: cloud.app.clientSecret,
      grant_type: 'client_credentials',
    }).toString(),
  });
  expect([token.status, answerProblems('sentinel', token, 'sentinel-token-response')]).toEqual([
    200,
    [],
  ]);
  const login = await probe.send({
    method: 'POST',
    target: `/api/account/${accountId}/login`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: cloud.agent.loginName, password: cloud.agent.password }),
  });
  expect([login.status, answerProblems('login', login, 'agent-login-response')]).toEqual([200, []]);
  const opened = await probe.send({
    method: 'POST',
    target: '/control/conversations',
    headers: { authorization: `Bearer ${cloud.controlToken}` },
    body: JSON.stringify({ text: 'still there?' }),
  });
  expect([
    opened.status,
    answerProblems('control', opened, 'control-open-conversation-response'),
  ]).toEqual([201, []]);
  const { bearer } = JSON.parse(login.text) as { bearer: string };
  const ums = await TestUmsClient.connect(
    `${cloud.urls.http.replace(/^http/, 'ws')}/ws_api/account/${accountId}/messaging/brand/${bearer}?v=2.1`,
  );
  try {
    expect(await ums.request('.GetClock')).toMatchObject({ code: 200, type: '.GetClock$Response' });
    expect(ums.schemaIssues).toEqual([]);
  } finally {
    await ums.close();
  }
}
