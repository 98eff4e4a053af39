// Spec: ums.md §3 (CSDS), §4 (login), decision 0002 (control API errors): a malformed request is
// the client's fault and gets a well-formed 4xx, never the mock's own 500. Regressions found by
// hand: a malformed percent-escape in a CSDS path, and JSON nested 10,000 deep on login and on the
// control API, were answered 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockCloud } from './mock-cloud.ts';

let cloud: MockCloud;
beforeAll(async () => {
  cloud = await MockCloud.start();
});
afterAll(() => cloud.stop());

const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

async function send(path: string, init: RequestInit = {}) {
  const response = await fetch(`${cloud.urls.http}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('the mock cloud under malformed requests', () => {
  it('answers a malformed percent-escape in a path with 400', async () => {
    for (const path of [
      '/api/account/%E0%A4%A/service/baseURI.json',
      `/api/account/${cloud.account.accountId}/service/%ZZ/baseURI.json`,
    ]) {
      const answer = await send(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error).toMatch(/^Malformed percent-encoding in the path segment/);
    }
  });

  it('answers a login body nested 10,000 deep with a 4xx in agentVep error form', async () => {
    const answer = await send(`/api/account/${cloud.account.accountId}/login?v=1.3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"username":${deep},"password":"x"}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      message: expect.stringMatching(/^Failed to log in/),
    });
  });

  it('answers a control request nested 10,000 deep with 400 INVALID_BODY', async () => {
    const answer = await send('/control/conversations', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${cloud.controlToken}`,
      },
      body: `{"text":${deep}}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'INVALID_BODY' });
  });

  it('keeps serving after each of them', async () => {
    const answer = await send(`/api/account/${cloud.account.accountId}/service/baseURI.json`);
    expect(answer.status).toBe(200);
  });
});
