/**
 * custom-endpoint.md §7.1: TPB gets an App JWT from Sentinel with the client credentials, caches
 * it and sends it on every Custom Endpoint request. Runs against the real mock Sentinel of a
 * MockCloud sharing a ManualClock, counting the token requests it receives.
 */
import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockCloud } from '../cloud/mock-cloud.ts';
import { ManualClock } from '../platform/clock.ts';
import { SentinelTokenCache, SentinelTokenError } from './sentinel-token-cache.ts';

const clock = new ManualClock();
let cloud: MockCloud;
let dispatcher: Agent;
let tokenRequests = 0;

const countTokenRequests = (req: IncomingMessage) => {
  if (req.url?.includes('/app/token')) tokenRequests++;
};

beforeAll(async () => {
  cloud = await MockCloud.start({ clock });
  cloud.servers.secure.on('request', countTokenRequests);
  dispatcher = new Agent({ connect: { ca: cloud.certificates.caCertPem } });
});

afterAll(async () => {
  cloud?.servers.secure.off('request', countTokenRequests);
  await dispatcher?.close();
  await cloud?.stop();
});

beforeEach(() => {
  tokenRequests = 0;
  cloud.sentinel.setLifetime(3600);
});

function cacheFor(overrides: { clientSecret?: string; tokenUrl?: string } = {}) {
  return new SentinelTokenCache({
    tokenUrl: overrides.tokenUrl ?? cloud.urls.tokenUrl,
    clientId: cloud.app.clientId,
    clientSecret: overrides.clientSecret ?? cloud.app.clientSecret,
    dispatcher,
    clock,
  });
}

describe('SentinelTokenCache', () => {
  it('CE-AUTH-02 serves 20 concurrent and 5 later callers from one token request', async () => {
    const cache = cacheFor();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.token()));
    for (let i = 0; i < 5; i++) tokens.push(await cache.token());
    expect(tokenRequests).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(decodeJwt(tokens[0] ?? '')).toMatchObject({ iss: 'Sentinel', azp: cloud.app.clientId });
  });

  it('asks again once the clock passes exp minus the 60 s margin', async () => {
    cloud.sentinel.setLifetime(600);
    const cache = cacheFor();
    const first = await cache.token();
    clock.advance((600 - 60) * 1000 - 1);
    expect(await cache.token()).toBe(first);
    expect(tokenRequests).toBe(1);
    clock.advance(1);
    const second = await cache.token();
    expect(tokenRequests).toBe(2);
    expect(second).not.toBe(first);
    expect(decodeJwt(second).exp).toBe(Math.floor(clock.now() / 1000) + 600);
  });

  it('keeps a token that lives no longer than the margin for half its life', async () => {
    cloud.sentinel.setLifetime(30);
    const cache = cacheFor();
    const first = await cache.token();
    expect(await cache.token()).toBe(first);
    expect(tokenRequests).toBe(1);
    clock.advance(15_000);
    await cache.token();
    expect(tokenRequests).toBe(2);
  });

  it('asks again after invalidate()', async () => {
    const cache = cacheFor();
    await cache.token();
    cache.invalidate();
    await cache.token();
    expect(tokenRequests).toBe(2);
  });

  it('rejects wrong credentials with a typed error that never shows the secret', async () => {
    const secret = 'not-the-secret-3f9a1c';
    const cache = cacheFor({ clientSecret: secret });
    const failures = await Promise.allSettled([cache.token(), cache.token()]);
    expect(tokenRequests).toBe(1);
    for (const failure of failures) {
      expect(failure.status).toBe('rejected');
      const error = (failure as PromiseRejectedResult).reason as SentinelTokenError;
      expect(error).toBeInstanceOf(SentinelTokenError);
      expect(error.code).toBe('SENTINEL_TOKEN_REJECTED');
      expect(error.status).toBe(401);
      expect(error.message).not.toContain(secret);
      expect(error.message).toMatch(/^Failed to get a Sentinel token from https:\/\/127\.0\.0\.1/);
    }
    // A failure is not cached: the next call asks again.
    await expect(cache.token()).rejects.toBeInstanceOf(SentinelTokenError);
    expect(tokenRequests).toBe(2);
  });

  it('reports an unreachable token URL as SENTINEL_TOKEN_UNREACHABLE', async () => {
    const cache = cacheFor({ tokenUrl: 'http://127.0.0.1:1/sentinel/api/v2/account/1/app/token' });
    await expect(cache.token()).rejects.toMatchObject({ code: 'SENTINEL_TOKEN_UNREACHABLE' });
  });
});
