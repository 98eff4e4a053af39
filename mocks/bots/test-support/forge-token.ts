import {
  type CryptoKey,
  generateKeyPair,
  type JWTHeaderParameters,
  type JWTPayload,
  SignJWT,
} from 'jose';

const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

const now = (): number => Math.floor(Date.now() / 1000);

/** Claims of a valid Sentinel App JWT for account 12345678, with overrides (undefined removes). */
export function sentinelClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  const claims: Record<string, unknown> = {
    iss: 'Sentinel',
    aud: 'le12345678',
    azp: 'client-1',
    scope: 'thirdpartybots.customendpoint.bot',
    iat: now(),
    exp: now() + 3600,
    ...overrides,
  };
  for (const [key, value] of Object.entries(claims)) if (value === undefined) delete claims[key];
  return claims as JWTPayload;
}

/** `alg: "none"` with an empty signature (SEC-07). */
export function unsignedToken(claims: JWTPayload, header: Record<string, unknown> = {}): string {
  return `${base64url({ alg: 'none', typ: 'JWT', ...header })}.${base64url(claims)}.`;
}

/** Signs arbitrary claims with any key and header; the header's `alg` picks the algorithm. */
export function signToken(
  key: CryptoKey | Uint8Array,
  header: JWTHeaderParameters,
  claims: JWTPayload,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/** A fresh RSA key pair that Sentinel does not publish. */
export function attackerKeys(alg = 'RS256') {
  return generateKeyPair(alg, { modulusLength: 2048, extractable: true });
}

/** Replaces the payload of a signed token, keeping its header and signature (SEC-03). */
export function tamperPayload(token: string, change: (claims: JWTPayload) => JWTPayload): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JWTPayload;
  return `${header}.${base64url(change(claims))}.${signature}`;
}
