// Spec: ums.md §3 (CSDS Domain API: all services, or one by case-sensitive name; bare host:port)
// and §1 (both asyncMessagingEnt and facadeMsg are listed).
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import { HttpRouter } from '../http/http-router.ts';
import { systemClock } from '../platform/clock.ts';
import { createMockAccount } from '../platform/mock-account.ts';
import {
  startTestHttpsServer,
  type TestHttpsServer,
} from '../tls/test-support/test-https-server.ts';
import { csdsServiceNames, csdsServices, registerCsdsRoutes } from './csds-routes.ts';

const accountId = '12345678';

describe('CSDS routes', () => {
  let server: TestHttpsServer;

  beforeAll(async () => {
    const account = createMockAccount({
      accountId,
      clock: systemClock,
      canReceiveRings: () => false,
    });
    const router = new HttpRouter();
    registerCsdsRoutes(router, {
      accounts: (id) => (id === accountId ? account : undefined),
      host: (secure) => (secure ? server.host : server.plainHost),
    });
    server = await startTestHttpsServer(router);
  });

  afterAll(async () => {
    await server?.close();
  });

  async function get(url: string) {
    const response = await request(url, { dispatcher: server.dispatcher });
    return {
      status: response.statusCode,
      contentType: response.headers['content-type'],
      json: (await response.body.json()) as { baseURIs: { service: string; baseURI: string }[] },
    };
  }

  it('lists every service at the TLS host for a request over TLS, ignoring the query', async () => {
    const answer = await get(
      `${server.origin}/api/account/${accountId}/service/baseURI.json?version=1.0&extra=1`,
    );
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json');
    expect(validate('csds-response', answer.json).issues).toEqual([]);
    expect(answer.json.baseURIs.map((entry) => entry.service)).toEqual([...csdsServiceNames]);
    expect(answer.json.baseURIs).toContainEqual({
      service: 'agentVep',
      account: accountId,
      baseURI: server.host,
    });
    expect(new Set(answer.json.baseURIs.map((entry) => entry.baseURI))).toEqual(
      new Set([server.host]),
    );
  });

  it('points at the plain port for a request that came over plain HTTP', async () => {
    const answer = await get(`${server.plainOrigin}/api/account/${accountId}/service/baseURI.json`);
    expect(answer.status).toBe(200);
    expect(new Set(answer.json.baseURIs.map((entry) => entry.baseURI))).toEqual(
      new Set([server.plainHost]),
    );
  });

  it('answers the per-service form with a one-element list', async () => {
    const answer = await get(
      `${server.origin}/api/account/${accountId}/service/asyncMessagingEnt/baseURI.json?version=1.0`,
    );
    expect(answer.status).toBe(200);
    expect(validate('csds-response', answer.json).issues).toEqual([]);
    expect(answer.json).toEqual({
      baseURIs: [{ service: 'asyncMessagingEnt', account: accountId, baseURI: server.host }],
    });
  });

  it('answers 404 with a JSON error for a service name in the wrong case', async () => {
    const answer = await get(
      `${server.origin}/api/account/${accountId}/service/agentvep/baseURI.json`,
    );
    expect(answer.status).toBe(404);
    expect(answer.contentType).toBe('application/json');
    expect(answer.json).toHaveProperty('error', expect.stringContaining('agentvep'));
  });

  it.each([
    ['all services', '/api/account/999/service/baseURI.json'],
    ['one service', '/api/account/999/service/agentVep/baseURI.json'],
  ])('answers 404 with a JSON error for an unknown account (%s)', async (_, path) => {
    const answer = await get(`${server.origin}${path}`);
    expect(answer.status).toBe(404);
    expect(answer.json).toHaveProperty('error', expect.stringContaining('999'));
  });

  it('builds the same list for the login response with csdsServices()', () => {
    const list = csdsServices(accountId, '127.0.0.1:1');
    expect(validate('csds-response', { baseURIs: list }).issues).toEqual([]);
    expect(list.map((entry) => entry.service)).toEqual(
      expect.arrayContaining(['agentVep', 'asyncMessagingEnt', 'facadeMsg', 'sentinel', 'idp']),
    );
  });
});
