import {
  type CryptoKey,
  decodeProtectedHeader,
  errors,
  type FlattenedJWSInput,
  importSPKI,
  type JWSHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import { JwksKeySource, KeyLookupError } from './jwks-key-source.ts';

/** How the service learns Sentinel's keys: a JWKS URL (V2) or a pinned public key (V1). */
export type TokenVerifierAuth =
  | {
      jwksUrl: string;
      /** PEM of a CA to trust for the JWKS URL. */
      ca?: string;
      /** See `JwksKeySourceOptions.refetchCooldownSeconds` (default 5). */
      refetchCooldownSeconds?: number;
    }
  | { publicKeyPem: string };

export interface TokenVerifierOptions {
  auth: TokenVerifierAuth;
  /** When set, the token's `aud` must name this account (`le<id>` or `<id>`). */
  accountId?: string;
}

export type TokenCheck =
  | { ok: true; claims: JWTPayload }
  | { ok: false; status: 401 | 503; reason: string };

/** The current Custom Endpoint scope and the deprecated one (still accepted, SEC-11). */
export const customEndpointScopes = [
  'thirdpartybots.customendpoint.bot',
  'ihub.tpb.customendpoint',
] as const;

/** Clock skew allowed on `exp` and `nbf` (SEC-05, SEC-06). */
export const clockToleranceSeconds = 60;

/** Header parameters that carry or point at a key: a token must never choose its own key. */
const keyCarryingHeaders = ['jwk', 'jku', 'x5u', 'x5c'] as const;

/**
 * Verifies the bearer of a TPB request: RS256 only, signed by Sentinel (by `kid` from the JWKS,
 * or the pinned key), `iss` "Sentinel", `exp`/`nbf` with 60 s tolerance, a Custom Endpoint scope.
 *
 * @see LivePerson developer docs: Third-Party Bots > Custom Endpoint > Service Implementation (authentication)
 * @example
 * const verifier = await TokenVerifier.create({ auth: { jwksUrl, ca } });
 * const check = await verifier.check(req.headers.authorization);
 */
export class TokenVerifier {
  readonly #key: CryptoKey | JwksKeySource;
  readonly #audience: string[] | undefined;

  private constructor(key: CryptoKey | JwksKeySource, accountId: string | undefined) {
    this.#key = key;
    this.#audience = accountId === undefined ? undefined : [`le${accountId}`, accountId];
  }

  /** Imports the pinned key, or prepares the JWKS source (fetched on first use). */
  static async create(options: TokenVerifierOptions): Promise<TokenVerifier> {
    const { auth } = options;
    const key =
      'publicKeyPem' in auth
        ? await importSPKI(auth.publicKeyPem, 'RS256')
        : new JwksKeySource({
            jwksUrl: auth.jwksUrl,
            ...(auth.ca === undefined ? {} : { ca: auth.ca }),
            ...(auth.refetchCooldownSeconds === undefined
              ? {}
              : { refetchCooldownSeconds: auth.refetchCooldownSeconds }),
          });
    return new TokenVerifier(key, options.accountId);
  }

  /** Checks an `Authorization` header value; never throws. */
  async check(authorization: string | undefined): Promise<TokenCheck> {
    if (authorization === undefined) return refused('missing bearer token');
    // RFC 7235: the scheme word is case-insensitive (SEC-14).
    const [, scheme, token] = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization) ?? [];
    if (scheme?.toLowerCase() !== 'bearer' || token === undefined) {
      return refused('malformed credentials');
    }
    let header: JWSHeaderParameters;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return refused('malformed credentials');
    }
    if (header.alg !== 'RS256') return refused('token algorithm not accepted');
    if (keyCarryingHeaders.some((name) => name in header)) {
      return refused('token header names its own key');
    }
    try {
      const options: JWTVerifyOptions = {
        algorithms: ['RS256'],
        issuer: 'Sentinel',
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['exp'],
        ...(this.#audience ? { audience: this.#audience } : {}),
      };
      const source = this.#key;
      const { payload } =
        source instanceof JwksKeySource
          ? await jwtVerify(
              token,
              (h: JWSHeaderParameters, t: FlattenedJWSInput) => source.key(h, t),
              options,
            )
          : await jwtVerify(token, source, options);
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(/\s+/) : [];
      if (!scopes.some((scope) => (customEndpointScopes as readonly string[]).includes(scope))) {
        return refused('token scope not accepted');
      }
      return { ok: true, claims: payload };
    } catch (error) {
      if (error instanceof KeyLookupError) {
        return { ok: false, status: error.status, reason: error.reason };
      }
      return refused(reasonOf(error));
    }
  }

  async close(): Promise<void> {
    if (this.#key instanceof JwksKeySource) await this.#key.close();
  }
}

const refused = (reason: string): TokenCheck => ({ ok: false, status: 401, reason });

/** A short public reason; jose's own messages are never sent (they may quote the token). */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return 'token not yet valid';
      case 'iss':
        return 'token issuer not accepted';
      case 'aud':
        return 'token audience not accepted';
      case 'exp':
        return 'token has no expiry';
      default:
        return 'token claims not accepted';
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not accepted';
  return 'invalid token';
}
