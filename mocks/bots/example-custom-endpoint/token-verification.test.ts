// Spec: custom-endpoint.md §7.2 (token format), §7.3 (what a CE must verify), §9 (401 for a
// missing or invalid token; error bodies without tokens, secrets or stacks); rules.md CE-AUTH and
// SEC. Real tokens come from a MockCloud Sentinel; attacks are forged with jose.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportPKCS8, exportSPKI, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockCloud } from '../../cloud/mock-cloud.ts';
import { TokenIssuer } from '../../sentinel/token-issuer.ts';
import { CeClient, type CeResponse, newConvId, textEvent } from '../test-support/ce-client.ts';
import {
  attackerKeys,
  sentinelClaims,
  signToken,
  tamperPayload,
  unsignedToken,
} from '../test-support/forge-token.ts';
import { type RunningCustomEndpoint, startExampleCustomEndpoint } from './index.ts';

let cloud: MockCloud;
/** A key pair Sentinel does not publish (RSA generation is slow: one per file). */
let attacker: Awaited<ReturnType<typeof attackerKeys>>;
let grant: { accountId: string; clientId: string; scope: string };
const started: RunningCustomEndpoint[] = [];

beforeAll(async () => {
  [cloud, attacker] = await Promise.all([MockCloud.start(), attackerKeys()]);
  grant = {
    accountId: cloud.account.accountId,
    clientId: cloud.app.clientId,
    scope: cloud.app.scope,
  };
});

afterAll(async () => {
  await Promise.all(started.map((ce) => ce.close()));
  await cloud?.stop();
});

async function start(
  options: Omit<Parameters<typeof startExampleCustomEndpoint>[0], 'auth'> & {
    auth?: Parameters<typeof startExampleCustomEndpoint>[0]['auth'];
  } = {},
): Promise<CeClient> {
  const ce = await startExampleCustomEndpoint({
    auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
    accountId: cloud.account.accountId,
    ...options,
  });
  started.push(ce);
  return new CeClient(ce);
}

/** A 401 whose body is `{error}` and says nothing it should not (SEC-12, SEC-13). */
function expectRefused(res: CeResponse, secret?: string): void {
  expect(res.status, res.text).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Bearer realm="custom-endpoint"');
  const body = JSON.parse(res.text) as { error: string };
  expect(body).toEqual({ error: expect.any(String) });
  expect(body.error.length).toBeLessThan(60);
  if (secret) expect(res.text).not.toContain(secret.slice(0, 20));
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/work\/|-----BEGIN/);
}

/** Sends the same credentials to all four routes (PUT first, so the POST hits a real conversation). */
async function everyRoute(client: CeClient, authorization: string | undefined) {
  const withAuth = authorization === undefined ? {} : { authorization };
  const convId = newConvId();
  return [
    await client.call('GET', client.environmentsPath(), withAuth),
    await client.call('GET', client.statePath(), withAuth),
    await client.createConversation(convId, {}, withAuth),
    await client.sendEvent(convId, textEvent('hello'), withAuth),
  ];
}

describe('JWKS mode (Sentinel V2 over HTTPS with the cloud CA)', () => {
  let client: CeClient;
  let token: string;

  beforeAll(async () => {
    client = await start();
    token = await cloud.sentinel.issue(grant);
  });

  it('CE-AUTH-01 accepts a valid Sentinel token on all four routes', async () => {
    const [environments, state, put, post] = await everyRoute(client, `Bearer ${token}`);
    expect([environments?.status, state?.status, put?.status, post?.status]).toEqual([
      200, 200, 200, 200,
    ]);
  });

  it('SEC-11 accepts the deprecated scope ihub.tpb.customendpoint', async () => {
    const deprecated = await cloud.sentinel.issue({ ...grant, scope: 'ihub.tpb.customendpoint' });
    expect((await client.call('GET', client.statePath(), { token: deprecated })).status).toBe(200);
  });

  it('SEC-14 accepts the scheme word in any case and refuses other schemes', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await client.call('GET', client.statePath(), {
        authorization: `${scheme} ${token}`,
      });
      expect(res.status).toBe(200);
    }
    expectRefused(
      await client.call('GET', client.statePath(), { authorization: `Basic ${token}` }),
      token,
    );
  });

  it('SEC-01 refuses a request without Authorization on every route', async () => {
    for (const res of await everyRoute(client, undefined)) {
      expectRefused(res);
      expect(JSON.parse(res.text)).toEqual({ error: 'missing bearer token' });
    }
  });

  it.each([
    ['an empty bearer', 'Bearer '],
    ['a non-JWT string', 'Bearer not-a-jwt'],
    ['a two-segment token', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJTZW50aW5lbCJ9'],
    ['undecodable base64url', 'Bearer %%%.%%%.%%%'],
  ])('SEC-02 refuses %s on every route', async (_name, authorization) => {
    for (const res of await everyRoute(client, authorization)) expectRefused(res);
  });

  it('SEC-07 refuses alg none on every route', async () => {
    const forged = unsignedToken(sentinelClaims({ aud: `le${grant.accountId}` }), {
      kid: cloud.sentinel.activeKid,
    });
    for (const res of await everyRoute(client, `Bearer ${forged}`)) expectRefused(res, forged);
  });

  it('SEC-08 refuses HS256 keyed with the Sentinel public key', async () => {
    const forged = await signToken(
      new TextEncoder().encode(cloud.sentinel.publicKeyPem()),
      { alg: 'HS256', typ: 'JWT', kid: cloud.sentinel.activeKid },
      sentinelClaims({ aud: `le${grant.accountId}` }),
    );
    for (const res of await everyRoute(client, `Bearer ${forged}`)) expectRefused(res, forged);
  });

  it('SEC-03 refuses a token signed by another RSA key under the published kid', async () => {
    const forged = await signToken(
      attacker.privateKey,
      { alg: 'RS256', typ: 'JWT', kid: cloud.sentinel.activeKid },
      sentinelClaims({ aud: `le${grant.accountId}` }),
    );
    const res = await client.call('GET', client.statePath(), { token: forged });
    expectRefused(res, forged);
    expect(JSON.parse(res.text)).toEqual({ error: 'token signature invalid' });
  });

  it('SEC-03 refuses a Sentinel token whose payload was changed after signing', async () => {
    const tampered = tamperPayload(token, (claims) => ({ ...claims, azp: 'someone-else' }));
    expectRefused(await client.call('GET', client.statePath(), { token: tampered }), tampered);
  });

  it('SEC-09 refuses an unknown kid and tokens that carry their own key', async () => {
    const { privateKey, publicKey } = attacker;
    const claims = sentinelClaims({ aud: `le${grant.accountId}` });
    const unknownKid = await signToken(privateKey, { alg: 'RS256', kid: 'attacker-kid' }, claims);
    const res = await client.call('GET', client.statePath(), { token: unknownKid });
    expectRefused(res, unknownKid);
    expect(JSON.parse(res.text)).toEqual({ error: 'token key id unknown' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'attacker-kid' };
    for (const header of [
      { jku: 'https://attacker.example/jwks' },
      { x5u: 'https://attacker.example/cert.pem' },
      { jwk },
    ]) {
      const forged = await signToken(
        privateKey,
        { alg: 'RS256', kid: 'attacker-kid', ...header },
        claims,
      );
      const refused = await client.call('GET', client.statePath(), { token: forged });
      expectRefused(refused, forged);
      expect(JSON.parse(refused.text)).toEqual({ error: 'token header names its own key' });
    }
  });

  it('SEC-10 refuses another scope', async () => {
    const other = await cloud.sentinel.issue({ ...grant, scope: 'msg.consumer' });
    const res = await client.call('GET', client.statePath(), { token: other });
    expectRefused(res, other);
    expect(JSON.parse(res.text)).toEqual({ error: 'token scope not accepted' });
  });

  it('CE-AUTH-04 refuses a token of another account when accountId is configured', async () => {
    const foreign = await cloud.sentinel.issue({ ...grant, accountId: '99999999' });
    const res = await client.call('GET', client.statePath(), { token: foreign });
    expectRefused(res, foreign);
    expect(JSON.parse(res.text)).toEqual({ error: 'token audience not accepted' });
  });

  it('CE-AUTH-03 accepts tokens of a rotated key, selected by kid', async () => {
    const fresh = await start();
    expect((await fresh.call('GET', fresh.statePath(), { token })).status).toBe(200);
    await cloud.sentinel.rotate();
    const rotated = await cloud.sentinel.issue(grant);
    expect((await fresh.call('GET', fresh.statePath(), { token: rotated })).status).toBe(200);
    expect((await fresh.call('GET', fresh.statePath(), { token })).status).toBe(200);
  });

  it('answers 503 without details while the JWKS cannot be fetched (CA not trusted)', async () => {
    const untrusting = await start({ auth: { jwksUrl: cloud.urls.jwksUrl } });
    const res = await untrusting.call('GET', untrusting.statePath(), { token });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toEqual({ error: 'signing keys unavailable' });
  });
});

describe('pinned public key mode (Sentinel V1 style)', () => {
  let client: CeClient;

  beforeAll(async () => {
    client = await start({ auth: { publicKeyPem: cloud.sentinel.publicKeyPem() } });
  });

  it('CE-AUTH-01 SEC-11 accepts Sentinel tokens with the current and the deprecated scope', async () => {
    const token = await cloud.sentinel.issue(grant);
    for (const res of await everyRoute(client, `Bearer ${token}`)) expect(res.status).toBe(200);
    const deprecated = await cloud.sentinel.issue({ ...grant, scope: 'ihub.tpb.customendpoint' });
    expect((await client.call('GET', client.statePath(), { token: deprecated })).status).toBe(200);
  });

  it('SEC-07 SEC-08 SEC-03 refuses alg none, HS256 keyed with the PEM and another RSA key', async () => {
    const claims = sentinelClaims({ aud: `le${grant.accountId}` });
    const { privateKey } = attacker;
    const forged = [
      unsignedToken(claims),
      await signToken(
        new TextEncoder().encode(cloud.sentinel.publicKeyPem()),
        { alg: 'HS256' },
        claims,
      ),
      await signToken(privateKey, { alg: 'RS256', kid: cloud.sentinel.activeKid }, claims),
    ];
    for (const token of forged) {
      expectRefused(await client.call('GET', client.statePath(), { token }), token);
    }
  });
});

describe('claims (a pinned key the test holds, so that any claim can be signed)', () => {
  let client: CeClient;
  let sign: (claims: Record<string, unknown>, alg?: string) => Promise<string>;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    const { privateKey, publicKey } = attacker;
    client = await start({ auth: { publicKeyPem: await exportSPKI(publicKey) } });
    // WebCrypto binds a key to one algorithm: re-import the same material for RS512 or PS256.
    const pkcs8 = await exportPKCS8(privateKey);
    sign = async (claims, alg = 'RS256') =>
      signToken(
        alg === 'RS256' ? privateKey : await importPKCS8(pkcs8, alg),
        { alg, typ: 'JWT', kid: 'pinned' },
        sentinelClaims(claims),
      );
  });

  it('accepts the valid baseline', async () => {
    expect((await client.call('GET', client.statePath(), { token: await sign({}) })).status).toBe(
      200,
    );
  });

  it.each([
    ['SEC-04 a wrong iss', { iss: 'NotSentinel' }, 'token issuer not accepted'],
    ['SEC-04 a missing iss', { iss: undefined }, 'token issuer not accepted'],
    ['SEC-05 an exp 120 s in the past', { exp: now() - 120 }, 'token expired'],
    ['SEC-05 a missing exp', { exp: undefined }, 'token has no expiry'],
    ['SEC-06 an nbf 120 s in the future', { nbf: now() + 120 }, 'token not yet valid'],
    ['SEC-10 a missing scope', { scope: undefined }, 'token scope not accepted'],
    ['CE-AUTH-04 another account', { aud: 'le99999999' }, 'token audience not accepted'],
  ])('refuses %s', async (_name, claims, reason) => {
    const token = await sign(claims);
    const res = await client.call('GET', client.statePath(), { token });
    expectRefused(res, token);
    expect(JSON.parse(res.text)).toEqual({ error: reason });
  });

  it('SEC-05 SEC-06 allows 60 s of clock skew on exp and nbf', async () => {
    for (const claims of [{ exp: now() - 30 }, { nbf: now() + 30 }, { aud: grant.accountId }]) {
      const res = await client.call('GET', client.statePath(), { token: await sign(claims) });
      expect(res.status, JSON.stringify(claims)).toBe(200);
    }
  });

  it('SEC-08 refuses RS512 and PS256 even with the pinned key', async () => {
    for (const alg of ['RS512', 'PS256']) {
      const token = await sign({}, alg);
      const res = await client.call('GET', client.statePath(), { token });
      expectRefused(res, token);
      expect(JSON.parse(res.text)).toEqual({ error: 'token algorithm not accepted' });
    }
  });
});

describe('JWKS refetch on an unknown kid', () => {
  let issuer: TokenIssuer;
  let server: Server;
  let jwksUrl: string;
  let fetches = 0;

  beforeAll(async () => {
    issuer = await TokenIssuer.create();
    server = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(issuer.jwks()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const issue = () => issuer.issue({ accountId: '12345678', clientId: 'c', scope: grant.scope });

  it('refetches at most once per cooldown, however many unknown kids arrive', async () => {
    const client = await start({ auth: { jwksUrl, refetchCooldownSeconds: 3600 } });
    const before = fetches;
    expect((await client.call('GET', client.statePath(), { token: await issue() })).status).toBe(
      200,
    );
    expect(fetches - before).toBe(1);
    for (const kid of ['a', 'b', 'c']) {
      const forged = await signToken(attacker.privateKey, { alg: 'RS256', kid }, sentinelClaims());
      expectRefused(await client.call('GET', client.statePath(), { token: forged }), forged);
    }
    expect(fetches - before).toBe(2);
  });

  it('shares one JWKS fetch between concurrent first requests', async () => {
    const client = await start({ auth: { jwksUrl } });
    const before = fetches;
    const valid = await issue();
    const statuses = await Promise.all(
      Array.from(
        { length: 5 },
        async () => (await client.call('GET', client.statePath(), { token: valid })).status,
      ),
    );
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(fetches - before).toBe(1);
  });

  it('picks up a rotated key at once when the cooldown allows', async () => {
    const client = await start({ auth: { jwksUrl, refetchCooldownSeconds: 0 } });
    expect((await client.call('GET', client.statePath(), { token: await issue() })).status).toBe(
      200,
    );
    const before = fetches;
    await issuer.rotate();
    expect((await client.call('GET', client.statePath(), { token: await issue() })).status).toBe(
      200,
    );
    expect(fetches - before).toBe(1);
  });
});
