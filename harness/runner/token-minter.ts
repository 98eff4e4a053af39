import { SignJWT } from 'jose';
import {
  type Clock,
  defaultTokenLifetimeSeconds,
  engineDefaults,
  systemClock,
} from '../../mocks/index.ts';

/** The Custom Endpoint scope (custom-endpoint.md §7.2). */
export const customEndpointScope = 'thirdpartybots.customendpoint.bot';

export interface TokenMinterOptions {
  /** The private key the candidate trusts (the mock Sentinel's, or --signing-key). */
  privateKey: Parameters<SignJWT['sign']>[0];
  kid: string;
  accountId: string;
  clientId: string;
  clock?: Clock;
}

export interface MintOptions {
  /** Header fields over the default `{alg: RS256, typ: JWT, kid}`. */
  header?: Record<string, unknown>;
  /** Claims over the default Sentinel claims; a value of `undefined` removes the claim. */
  claims?: Record<string, unknown>;
}

/**
 * Signs tokens with the key the candidate trusts: valid Sentinel-style tokens for the engine and
 * the direct checks, and, with overrides, the tokens the SEC rules attack with.
 *
 * @example
 * const expired = await minter.mint({ claims: { exp: now - 3600 } });
 */
export class TokenMinter {
  readonly #clock: Clock;
  #cached: { token: string; until: number } | undefined;

  constructor(readonly options: TokenMinterOptions) {
    this.#clock = options.clock ?? systemClock;
  }

  /** The claims of a valid token right now. */
  claims(): Record<string, unknown> {
    const iat = Math.floor(this.#clock.now() / 1000);
    return {
      iss: 'Sentinel',
      aud: `le${this.options.accountId}`,
      azp: this.options.clientId,
      scope: customEndpointScope,
      iat,
      // Sentinel's lifetime: the candidate sees the tokens the platform would send.
      exp: iat + defaultTokenLifetimeSeconds,
    };
  }

  async mint(options: MintOptions = {}): Promise<string> {
    const claims = { ...this.claims(), ...options.claims };
    for (const [name, value] of Object.entries(claims))
      if (value === undefined) delete claims[name];
    const header = { alg: 'RS256', typ: 'JWT', kid: this.options.kid, ...options.header };
    return new SignJWT(claims)
      .setProtectedHeader(header as { alg: string })
      .sign(this.options.privateKey);
  }

  /** A valid token, reused until shortly before it expires (the platform caches its bearer too). */
  async token(): Promise<string> {
    const now = this.#clock.now();
    if (this.#cached && this.#cached.until > now) return this.#cached.token;
    const token = await this.mint();
    const keptSeconds = defaultTokenLifetimeSeconds - engineDefaults.tokenRefreshMarginSeconds;
    this.#cached = { token, until: now + keptSeconds * 1000 };
    return token;
  }
}
