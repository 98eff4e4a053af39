import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
} from 'jose';
import type { SentinelJWKS, SentinelJWKSRSAPublicKey } from '../../schemas/index.ts';
import { type Clock, systemClock } from '../platform/clock.ts';

export interface TokenIssuerOptions {
  /** Token lifetime; Sentinel's documented example is 3600 s. */
  lifetimeSeconds?: number;
  /** Source of `iat`/`exp`, so tests can make tokens expire without waiting. */
  clock?: Clock;
}

/** What an App JWT is issued for: an App Installation of an account. */
export interface TokenGrant {
  accountId: string;
  /** Becomes `azp`. */
  clientId: string;
  /** The installation scope, e.g. `thirdpartybots.customendpoint.bot`. */
  scope: string;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: SentinelJWKSRSAPublicKey;
  publicKeyPem: string;
}

/** Sentinel's documented example lifetime (custom-endpoint.md §7.2). */
export const defaultTokenLifetimeSeconds = 3600;

/**
 * The mock Sentinel's signer: RS256 App JWTs with `iss: "Sentinel"`, keys it generates and
 * publishes as a JWKS (V2) and as a PEM (V1-style static key).
 *
 * @see docs/spec/custom-endpoint.md#72-token-format §7.2, §7.4
 * @example
 * const issuer = await TokenIssuer.create({ clock });
 * const token = await issuer.issue({ accountId: '12345678', clientId, scope: 'msg.consumer' });
 */
export class TokenIssuer {
  readonly #clock: Clock;
  #lifetimeSeconds: number;
  /** Published keys, oldest first; the last one signs. */
  readonly #keys: SigningKey[] = [];

  private constructor(options: TokenIssuerOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#lifetimeSeconds = checkedLifetime(options.lifetimeSeconds ?? defaultTokenLifetimeSeconds);
  }

  /** Creates an issuer with one freshly generated RSA-2048 key. */
  static async create(options: TokenIssuerOptions = {}): Promise<TokenIssuer> {
    const issuer = new TokenIssuer(options);
    await issuer.rotate();
    return issuer;
  }

  /** Kid of the key that signs new tokens. */
  get activeKid(): string {
    return this.#active().kid;
  }

  get lifetimeSeconds(): number {
    return this.#lifetimeSeconds;
  }

  /** Sets the lifetime of tokens issued from now on. */
  setLifetime(seconds: number): void {
    this.#lifetimeSeconds = checkedLifetime(seconds);
  }

  /** Signs an App JWT for an installation; `iat` and `exp` come from the clock. */
  async issue(grant: TokenGrant): Promise<string> {
    const key = this.#active();
    const iat = Math.floor(this.#clock.now() / 1000);
    return new SignJWT({ azp: grant.clientId, scope: grant.scope })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .setIssuer('Sentinel')
      .setAudience(`le${grant.accountId}`)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.#lifetimeSeconds)
      .sign(key.privateKey);
  }

  /** Every published public key: the active one and those rotated out but not retired. */
  jwks(): SentinelJWKS {
    return { keys: this.#keys.map((key) => ({ ...key.jwk })) };
  }

  /** Generates a new signing key and returns its kid; earlier keys stay in the JWKS. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const { n, e } = await exportJWK(publicKey);
    if (!n || !e) throw new Error('Failed to export the Sentinel key: the JWK has no n or e.');
    // A thumbprint-based kid never repeats across rotations; a random suffix would do too, but
    // this way a kid names its key.
    const thumbprint = await calculateJwkThumbprint({ kty: 'RSA', n, e });
    const kid = `appjwt-mock-${thumbprint.slice(0, 16)}`;
    this.#keys.push({
      kid,
      privateKey,
      jwk: { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n, e },
      publicKeyPem: await exportSPKI(publicKey),
    });
    return kid;
  }

  /**
   * Makes a published key the signing key again; the others stay published. The harness uses it
   * to undo a test rotation (CE-AUTH-03), so that later checks see the key they started with.
   * Returns false for a kid that is not published.
   */
  activate(kid: string): boolean {
    const index = this.#keys.findIndex((key) => key.kid === kid);
    const [key] = index < 0 ? [] : this.#keys.splice(index, 1);
    if (!key) return false;
    this.#keys.push(key);
    return true;
  }

  /**
   * Stops publishing a rotated-out key (tokens it signed then fail verification against the
   * JWKS). Returns false for an unknown kid; the active key cannot be retired.
   */
  retire(kid: string): boolean {
    if (kid === this.activeKid) {
      throw new Error(`Failed to retire key "${kid}": it is the active key. Rotate first.`);
    }
    const index = this.#keys.findIndex((key) => key.kid === kid);
    if (index < 0) return false;
    this.#keys.splice(index, 1);
    return true;
  }

  /**
   * The active key itself, for the harness: the attack tokens of the SEC rules must be signed by
   * the key the candidate trusts, with headers and claims Sentinel would never issue.
   */
  activeKey(): { kid: string; privateKey: SigningKey['privateKey']; publicKeyPem: string } {
    const { kid, privateKey, publicKeyPem } = this.#active();
    return { kid, privateKey, publicKeyPem };
  }

  /** The active public key as SPKI PEM, for candidates configured with a static (V1) key. */
  publicKeyPem(): string {
    return this.#active().publicKeyPem;
  }

  #active(): SigningKey {
    const key = this.#keys.at(-1);
    if (!key) throw new Error('Failed to sign: the issuer has no key. Use TokenIssuer.create().');
    return key;
  }
}

function checkedLifetime(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new RangeError(
      `Failed to set the token lifetime: expected a positive whole number of seconds, got ${seconds}.`,
    );
  }
  return seconds;
}
