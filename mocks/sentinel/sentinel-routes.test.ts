// Spec: custom-endpoint.md §7.1 and ums.md §13 (Sentinel V1/V2 client-credentials token endpoints,
// JWKS at /sentinel/well-known/jwks); error bodies follow RFC 6749 §5.2 (schema oauth-error).
import { createRemoteJWKSet, customFetch, importSPKI, jwtVerify } from 'jose';
import { fetch, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import { HttpRouter } from '../http/http-router.ts';
import { systemClock } from '../platform/clock.ts';
import { createMockAccount } from '../platform/mock-account.ts';
import {
  startTestHttpsServer,
  type TestHttpsServer,
} from '../tls/test-support/test-https-server.ts';
import { registerSentinelRoutes } from './sentinel-routes.ts';
import { TokenIssuer } from './token-issuer.ts';

const accountId = '12345678';
const otherAccountId = '87654321';
const secret = 'S3cr3t-never-echoed-6f1c';

describe('Sentinel routes', () => {
  let server: TestHttpsServer;
  let issuer: TokenIssuer;
  let clientId: string;

  beforeAll(async () => {
    const account = (id: string) =>
      createMockAccount({ accountId: id, clock: systemClock, canReceiveRings: () => false });
    const main = account(accountId);
    const other = account(otherAccountId);
    clientId = main.directory.addApp({ clientSecret: secret, scope: 'msg.consumer' }).clientId;
    other.directory.addApp({ clientId: 'other-client' });
    const accounts = new Map([main, other].map((entry) => [entry.accountId, entry]));
    issuer = await TokenIssuer.create();
    const router = new HttpRouter();
    registerSentinelRoutes(router, { accounts: (id) => accounts.get(id), issuer });
    server = await startTestHttpsServer(router);
  });

  afterAll(async () => {
    await server?.close();
  });

  const v1 = (account = accountId) => `/sentinel/api/account/${account}/app/token?v=1.0`;
  const v2 = (account = accountId) => `/sentinel/api/v2/account/${account}/app/token`;

  async function post(
    path: string,
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' },
  ) {
    const response = await request(`${server.origin}${path}`, {
      method: 'POST',
      body,
      headers,
      dispatcher: server.dispatcher,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text, json: JSON.parse(text) };
  }

  /** The JWKS as a candidate fetches it: over TLS from the route, through jose's remote set. */
  const servedJwks = () =>
    createRemoteJWKSet(new URL(`${server.origin}/sentinel/well-known/jwks`), {
      [customFetch]: (url, { headers, method, redirect, signal }) =>
        fetch(url, {
          headers: Object.fromEntries(headers),
          method,
          redirect,
          signal,
          dispatcher: server.dispatcher,
        }) as unknown as Promise<Response>,
    });

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const goodForm = () =>
    form({ client_id: clientId, client_secret: secret, grant_type: 'client_credentials' });

  async function expectOAuthError(
    answer: Awaited<ReturnType<typeof post>>,
    status: number,
    error: string,
  ): Promise<void> {
    expect(answer.status).toBe(status);
    expect(validate('oauth-error', answer.json).issues).toEqual([]);
    expect(answer.json.error).toBe(error);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.text).not.toContain(secret);
    if (status === 401) expect(answer.headers['www-authenticate']).toMatch(/^Basic realm=/);
  }

  it.each([
    ['V1', v1],
    ['V2', v2],
  ])(
    '%s answers 200 with a Bearer token that verifies against the served JWKS',
    async (_, path) => {
      const answer = await post(path(), goodForm());
      expect(answer.status).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(validate('sentinel-token-response', answer.json).issues).toEqual([]);
      expect(answer.json.token_type).toBe('Bearer');
      const { payload } = await jwtVerify(answer.json.access_token, servedJwks(), {
        algorithms: ['RS256'],
        issuer: 'Sentinel',
        audience: `le${accountId}`,
      });
      expect(payload).toMatchObject({ azp: clientId, scope: 'msg.consumer' });
    },
  );

  it('serves a JWKS matching the jwks schema that keeps the old kid after rotation', async () => {
    const before = (await post(v2(), goodForm())).json.access_token;
    const oldKid = issuer.activeKid;
    const newKid = await issuer.rotate();
    const after = (await post(v2(), goodForm())).json.access_token;
    const response = await request(`${server.origin}/sentinel/well-known/jwks`, {
      dispatcher: server.dispatcher,
    });
    const body = await response.body.json();
    expect(validate('jwks', body).issues).toEqual([]);
    expect((body as { keys: { kid: string }[] }).keys.map((key) => key.kid)).toEqual([
      oldKid,
      newKid,
    ]);
    const jwks = servedJwks();
    await expect(jwtVerify(before, jwks)).resolves.toBeDefined();
    await expect(jwtVerify(after, jwks)).resolves.toBeDefined();
  });

  it('accepts grant_type in the query string, as the Send API docs send it', async () => {
    const answer = await post(
      `${v2()}?grant_type=client_credentials`,
      form({ client_id: clientId, client_secret: secret }),
    );
    expect(answer.status).toBe(200);
  });

  it('accepts client credentials by HTTP Basic (RFC 6749 §2.3.1)', async () => {
    const basic = Buffer.from(`${clientId}:${secret}`).toString('base64');
    const answer = await post(v2(), form({ grant_type: 'client_credentials' }), {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic}`,
    });
    expect(answer.status).toBe(200);
  });

  it('answers 400 invalid_request when credentials come both by HTTP Basic and in the form', async () => {
    const basic = Buffer.from(`${clientId}:${secret}`).toString('base64');
    const answer = await post(v2(), goodForm(), {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic}`,
    });
    await expectOAuthError(answer, 400, 'invalid_request');
  });

  it('serves the active public key as PEM that verifies issued tokens', async () => {
    const response = await request(`${server.origin}/sentinel/well-known/public-key.pem`, {
      dispatcher: server.dispatcher,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-pem-file');
    const pem = await response.body.text();
    expect(pem).toBe(issuer.publicKeyPem());
    const token = (await post(v1(), goodForm())).json.access_token;
    await expect(jwtVerify(token, await importSPKI(pem, 'RS256'))).resolves.toBeDefined();
  });

  it.each([
    ['a missing client_secret', form({ client_id: 'x', grant_type: 'client_credentials' })],
    [
      'an empty client_id',
      form({ client_id: '', client_secret: secret, grant_type: 'client_credentials' }),
    ],
    ['a missing grant_type', form({ client_id: 'x', client_secret: secret })],
    [
      'a repeated client_secret',
      `client_id=x&client_secret=${secret}&client_secret=${secret}&grant_type=client_credentials`,
    ],
    [
      'a malformed percent-escape',
      `client_id=%zz&client_secret=${secret}&grant_type=client_credentials`,
    ],
  ])('answers 400 invalid_request for %s', async (_, body) => {
    await expectOAuthError(await post(v2(), body), 400, 'invalid_request');
  });

  it('answers 400 invalid_request for a JSON body', async () => {
    const body = JSON.stringify({
      client_id: clientId,
      client_secret: secret,
      grant_type: 'client_credentials',
    });
    const answer = await post(v2(), body, { 'content-type': 'application/json' });
    await expectOAuthError(answer, 400, 'invalid_request');
    expect(answer.json.error_description).toContain('application/x-www-form-urlencoded');
  });

  it('answers 400 unsupported_grant_type for another grant', async () => {
    const body = form({ client_id: clientId, client_secret: secret, grant_type: 'password' });
    await expectOAuthError(await post(v1(), body), 400, 'unsupported_grant_type');
  });

  it.each([
    [
      'an unknown client id',
      () => form({ client_id: 'nobody', client_secret: secret, grant_type: 'client_credentials' }),
      v2,
    ],
    [
      'a wrong secret',
      () =>
        form({
          client_id: clientId,
          client_secret: `${secret}x`,
          grant_type: 'client_credentials',
        }),
      v2,
    ],
    ['a client of another account', goodForm, () => v2(otherAccountId)],
    ['an unknown account', goodForm, () => v2('999')],
    [
      'credentials swapped between fields',
      () => form({ client_id: secret, client_secret: clientId, grant_type: 'client_credentials' }),
      v1,
    ],
  ])('answers 401 invalid_client with a challenge for %s', async (_, body, path) => {
    await expectOAuthError(await post(path(), body()), 401, 'invalid_client');
  });
});
