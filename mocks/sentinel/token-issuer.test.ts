// Spec: custom-endpoint.md §7.2 (token format: RS256, kid, iss Sentinel, aud le+account, azp,
// scope, iat, exp) and §7.4 (the mock publishes its JWKS and the active key as PEM).
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importSPKI,
  jwtVerify,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import { ManualClock } from '../platform/clock.ts';
import { TokenIssuer } from './token-issuer.ts';

const grant = { accountId: '12345678', clientId: 'client-1', scope: 'msg.consumer' };

function expectValidToken(token: string): void {
  const header = validate('jwt-header', decodeProtectedHeader(token));
  const claims = validate('jwt-claims', decodeJwt(token));
  expect(header.issues).toEqual([]);
  expect(claims.issues).toEqual([]);
}

describe('TokenIssuer', () => {
  let clock: ManualClock;
  let issuer: TokenIssuer;

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    issuer = await TokenIssuer.create({ clock });
  });

  it('issues an RS256 JWT whose header and claims match jwt-header and jwt-claims', async () => {
    const token = await issuer.issue(grant);
    expectValidToken(token);
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: issuer.activeKid,
    });
    const iat = Date.UTC(2026, 0, 1, 12) / 1000;
    expect(decodeJwt(token)).toEqual({
      iss: 'Sentinel',
      aud: 'le12345678',
      azp: 'client-1',
      scope: 'msg.consumer',
      iat,
      exp: iat + 3600,
    });
  });

  it('publishes a JWKS that matches the jwks schema and verifies its tokens', async () => {
    expect(validate('jwks', issuer.jwks()).issues).toEqual([]);
    const token = await issuer.issue(grant);
    const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.jwks()), {
      algorithms: ['RS256'],
      issuer: 'Sentinel',
      audience: 'le12345678',
      currentDate: new Date(clock.now()),
    });
    expect(payload.azp).toBe('client-1');
  });

  it('serves the active key as a PEM that verifies its tokens', async () => {
    const key = await importSPKI(issuer.publicKeyPem(), 'RS256');
    const token = await issuer.issue(grant);
    await expect(
      jwtVerify(token, key, { currentDate: new Date(clock.now()) }),
    ).resolves.toBeDefined();
  });

  it('takes exp from the clock and setLifetime, so a token expires when the clock passes it', async () => {
    const shortLived = await TokenIssuer.create({ clock, lifetimeSeconds: 60 });
    const token = await shortLived.issue(grant);
    const claims = decodeJwt(token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    const jwks = createLocalJWKSet(shortLived.jwks());
    const at = (ms: number) => ({ currentDate: new Date(clock.now() + ms) });
    await expect(jwtVerify(token, jwks, at(59_000))).resolves.toBeDefined();
    await expect(jwtVerify(token, jwks, at(61_000))).rejects.toBeInstanceOf(errors.JWTExpired);

    shortLived.setLifetime(7200);
    const longer = decodeJwt(await shortLived.issue(grant));
    expect((longer.exp ?? 0) - (longer.iat ?? 0)).toBe(7200);
    expect(() => shortLived.setLifetime(0)).toThrow(RangeError);
  });

  it('keeps the previous kid in the JWKS after rotate(), so older tokens still verify', async () => {
    const rotating = await TokenIssuer.create({ clock });
    const oldKid = rotating.activeKid;
    const oldToken = await rotating.issue(grant);
    const oldPem = rotating.publicKeyPem();

    const newKid = await rotating.rotate();
    expect(newKid).not.toBe(oldKid);
    expect(rotating.activeKid).toBe(newKid);
    expect(rotating.jwks().keys.map((key) => key.kid)).toEqual([oldKid, newKid]);
    expect(validate('jwks', rotating.jwks()).issues).toEqual([]);
    expect(rotating.publicKeyPem()).not.toBe(oldPem);

    const newToken = await rotating.issue(grant);
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    const jwks = createLocalJWKSet(rotating.jwks());
    const options = { currentDate: new Date(clock.now()) };
    await expect(jwtVerify(oldToken, jwks, options)).resolves.toBeDefined();
    await expect(jwtVerify(newToken, jwks, options)).resolves.toBeDefined();
  });

  it('stops verifying tokens of a retired kid and refuses to retire the active one', async () => {
    const rotating = await TokenIssuer.create({ clock });
    const oldKid = rotating.activeKid;
    const oldToken = await rotating.issue(grant);
    await rotating.rotate();
    expect(() => rotating.retire(rotating.activeKid)).toThrow(/active key/);
    expect(rotating.retire(oldKid)).toBe(true);
    expect(rotating.retire(oldKid)).toBe(false);
    const jwks = createLocalJWKSet(rotating.jwks());
    await expect(
      jwtVerify(oldToken, jwks, { currentDate: new Date(clock.now()) }),
    ).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('activate() makes a published key sign again and keeps every key published', async () => {
    const rotating = await TokenIssuer.create({ clock });
    const oldKid = rotating.activeKid;
    const newKid = await rotating.rotate();
    expect(rotating.activate(oldKid)).toBe(true);
    expect(rotating.activeKid).toBe(oldKid);
    expect(decodeProtectedHeader(await rotating.issue(grant)).kid).toBe(oldKid);
    const published = rotating.jwks().keys.map((key) => key.kid);
    expect(published.sort()).toEqual([oldKid, newKid].sort());
    expect(rotating.activate('no-such-kid')).toBe(false);
  });

  it('publishes public key members only', () => {
    for (const key of issuer.jwks().keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    }
  });
});
