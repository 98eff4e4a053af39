import {
  type CryptoKey,
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type LocalJWKSet,
} from 'jose';
import { Agent, request } from 'undici';

/** Why a key could not be found: the token is refused (401) or the keys are unreachable (503). */
export class KeyLookupError extends Error {
  override readonly name = 'KeyLookupError';

  constructor(
    readonly status: 401 | 503,
    /** A short public reason, safe to put in an error body. */
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface JwksKeySourceOptions {
  /** Sentinel's JWKS (V2): `https://{sentinel}/sentinel/well-known/jwks`. */
  jwksUrl: string;
  /** PEM of a CA to trust for the JWKS URL (the mock cloud's test CA). */
  ca?: string;
  /**
   * At most one refetch caused by an unknown `kid` per this many seconds, so that forged kids
   * cannot make the service hammer Sentinel. 0 disables the limit.
   */
  refetchCooldownSeconds?: number;
  /** The JWKS is reloaded when older than this, so that retired keys stop verifying. */
  maxAgeSeconds?: number;
}

/** Default spacing of unknown-kid refetches. */
export const defaultJwksRefetchCooldownSeconds = 5;
const defaultMaxAgeSeconds = 600;
const fetchTimeoutMs = 5000;

/**
 * Sentinel's signing keys, fetched from its JWKS and selected by `kid`. A token whose `kid` is not
 * in the cached set triggers one refetch (the key may have rotated), rate-limited by the cooldown.
 * Only the configured URL is ever fetched: `jku`, `x5u` and `jwk` headers are never followed.
 *
 * @see LivePerson developer docs: Third-Party Bots > Custom Endpoint > Service Implementation (authentication)
 */
export class JwksKeySource {
  readonly #url: string;
  readonly #agent: Agent;
  readonly #cooldownMs: number;
  readonly #maxAgeMs: number;
  #keys: LocalJWKSet | undefined;
  #loadedAt = Number.NEGATIVE_INFINITY;
  #lastRefetchAt = Number.NEGATIVE_INFINITY;
  #lastAttemptAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;

  constructor(options: JwksKeySourceOptions) {
    this.#url = new URL(options.jwksUrl).href;
    this.#agent = new Agent(options.ca === undefined ? {} : { connect: { ca: options.ca } });
    this.#cooldownMs = 1000 * (options.refetchCooldownSeconds ?? defaultJwksRefetchCooldownSeconds);
    this.#maxAgeMs = 1000 * (options.maxAgeSeconds ?? defaultMaxAgeSeconds);
  }

  /** The verification key for a token header; throws `KeyLookupError`. */
  async key(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> {
    if (typeof header.kid !== 'string' || header.kid === '') {
      throw new KeyLookupError(401, 'token has no key id');
    }
    const stale = Date.now() - this.#loadedAt > this.#maxAgeMs;
    // While Sentinel is unreachable, retry no more often than the cooldown allows.
    const mayRetry = Date.now() - this.#lastAttemptAt >= this.#cooldownMs;
    if (this.#loading) await this.#loading;
    else if ((!this.#keys || stale) && mayRetry) await this.#load();
    const found = await this.#select(header, token);
    if (found) return found;
    const now = Date.now();
    if (now - this.#lastRefetchAt < this.#cooldownMs) {
      throw new KeyLookupError(401, 'token key id unknown');
    }
    this.#lastRefetchAt = now;
    await this.#load();
    const refetched = await this.#select(header, token);
    if (refetched) return refetched;
    throw new KeyLookupError(401, 'token key id unknown');
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #select(
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<CryptoKey | undefined> {
    if (!this.#keys) throw new KeyLookupError(503, 'signing keys unavailable');
    try {
      return await this.#keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return undefined;
      if (error instanceof errors.JWKSMultipleMatchingKeys) {
        throw new KeyLookupError(401, 'token key id ambiguous');
      }
      throw error;
    }
  }

  /** Loads the JWKS; concurrent callers share one fetch. A failed load keeps the old keys. */
  #load(): Promise<void> {
    this.#loading ??= (async () => {
      this.#lastAttemptAt = Date.now();
      try {
        const jwks = await this.#fetch();
        this.#keys = createLocalJWKSet(jwks);
        this.#loadedAt = Date.now();
      } catch {
        // Unreachable or invalid JWKS: keep verifying with the keys we have, if any.
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }

  async #fetch(): Promise<JSONWebKeySet> {
    const response = await request(this.#url, {
      dispatcher: this.#agent,
      headers: { accept: 'application/json' },
      headersTimeout: fetchTimeoutMs,
      bodyTimeout: fetchTimeoutMs,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`JWKS answered ${response.statusCode}`);
    }
    const body = (await response.body.json()) as unknown;
    if (typeof body !== 'object' || body === null || !Array.isArray((body as JSONWebKeySet).keys)) {
      throw new Error('JWKS body has no keys array');
    }
    return body as JSONWebKeySet;
  }
}
