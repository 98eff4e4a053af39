import { decodeJwt } from 'jose';
import { Agent, type Dispatcher, request } from 'undici';
import { type Clock, systemClock } from '../platform/clock.ts';
import { engineDefaults } from './engine-defaults.ts';

export interface SentinelTokenCacheOptions {
  /** A Sentinel client-credentials token endpoint (V1 or V2). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** A pooled undici dispatcher (for example one trusting the mock CA); else an own Agent. */
  dispatcher?: Dispatcher;
  /** Decides when a cached token is stale; share it with the mock cloud in tests. */
  clock?: Clock;
  /** A token is renewed this long before its `exp` (default `engineDefaults.tokenRefreshMarginSeconds`). */
  refreshMarginSeconds?: number;
  /** Real milliseconds a token request may take (default `engineDefaults.tokenRequestTimeoutMs`). */
  timeoutMs?: number;
}

/** Lifetime assumed for a token whose `exp` cannot be read. */
export const fallbackTokenLifetimeSeconds = 3600;

export type SentinelTokenErrorCode =
  | 'SENTINEL_TOKEN_UNREACHABLE'
  | 'SENTINEL_TOKEN_REJECTED'
  | 'SENTINEL_TOKEN_INVALID_RESPONSE';

/** Getting an App JWT failed. The message names the endpoint and the status, never the secret. */
export class SentinelTokenError extends Error {
  override readonly name = 'SentinelTokenError';

  constructor(
    readonly code: SentinelTokenErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface CachedToken {
  token: string;
  /** Clock time (ms) from which the token is renewed. */
  refreshAt: number;
}

/**
 * The engine's bearer for Custom Endpoint calls: an App JWT from Sentinel's client-credentials
 * endpoint, cached until `exp` minus a margin. Concurrent callers share one request.
 *
 * @see docs/spec/custom-endpoint.md#71-getting-a-token §7.1
 * @example
 * const tokens = new SentinelTokenCache({ tokenUrl, clientId, clientSecret, dispatcher });
 * const bearer = await tokens.token();
 */
export class SentinelTokenCache {
  readonly #options: SentinelTokenCacheOptions &
    Required<Pick<SentinelTokenCacheOptions, 'refreshMarginSeconds' | 'timeoutMs'>>;
  readonly #clock: Clock;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  #cached: CachedToken | undefined;
  #inFlight: Promise<string> | undefined;
  /** Bumped by `invalidate()`, so a request started before it does not refill the cache. */
  #generation = 0;

  constructor(options: SentinelTokenCacheOptions) {
    this.#options = {
      refreshMarginSeconds: engineDefaults.tokenRefreshMarginSeconds,
      timeoutMs: engineDefaults.tokenRequestTimeoutMs,
      ...options,
    };
    this.#clock = options.clock ?? systemClock;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent();
  }

  /** A valid bearer: the cached one, or a fresh one from Sentinel. */
  token(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#clock.now() < cached.refreshAt) return Promise.resolve(cached.token);
    if (this.#inFlight) return this.#inFlight;
    const generation = this.#generation;
    const inFlight = this.#fetch().then((fresh) => {
      if (generation === this.#generation) this.#cached = fresh;
      return fresh.token;
    });
    this.#inFlight = inFlight;
    const clear = () => {
      if (this.#inFlight === inFlight) this.#inFlight = undefined;
    };
    inFlight.then(clear, clear);
    return inFlight;
  }

  /** Drops the cached token (for example after a 401); the next `token()` asks Sentinel. */
  invalidate(): void {
    this.#cached = undefined;
    this.#inFlight = undefined;
    this.#generation++;
  }

  /** Closes the cache's own connection pool, if it made one. */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async #fetch(): Promise<CachedToken> {
    const { tokenUrl, clientId, clientSecret } = this.#options;
    const endpoint = redactUrl(tokenUrl);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    let status: number;
    let text: string;
    try {
      const response = await request(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        dispatcher: this.#dispatcher,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new SentinelTokenError(
        'SENTINEL_TOKEN_UNREACHABLE',
        `Failed to get a Sentinel token from ${endpoint}: ${scrubSecret(why, clientSecret)}. Check that the token URL answers and that its CA is trusted.`,
      );
    }
    if (status !== 200) {
      throw new SentinelTokenError(
        'SENTINEL_TOKEN_REJECTED',
        `Failed to get a Sentinel token from ${endpoint}: HTTP ${status} ${describeOAuthError(text, clientSecret)}. Check the client id and secret of the App Installation.`,
        status,
      );
    }
    const token = accessToken(text);
    if (!token) {
      throw new SentinelTokenError(
        'SENTINEL_TOKEN_INVALID_RESPONSE',
        `Failed to get a Sentinel token from ${endpoint}: the 200 body has no string access_token.`,
        status,
      );
    }
    return { token, refreshAt: this.#refreshAt(token) };
  }

  /**
   * `exp - margin`; a token that lives no longer than the margin is kept for half its remaining
   * life instead, so that it is not fetched again on every call.
   */
  #refreshAt(token: string): number {
    const now = this.#clock.now();
    const marginMs = this.#options.refreshMarginSeconds * 1000;
    let expMs = now + fallbackTokenLifetimeSeconds * 1000;
    try {
      const { exp } = decodeJwt(token);
      if (typeof exp === 'number') expMs = exp * 1000;
    } catch {
      // Not a JWT: keep the fallback lifetime; the Custom Endpoint will judge the token.
    }
    const refreshAt = expMs - marginMs;
    return refreshAt > now ? refreshAt : now + Math.max(0, (expMs - now) / 2);
  }
}

function accessToken(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { access_token?: unknown };
    return typeof body.access_token === 'string' && body.access_token
      ? body.access_token
      : undefined;
  } catch {
    return undefined;
  }
}

/** `invalid_client (Client authentication failed)`, from an OAuth error body when there is one. */
function describeOAuthError(text: string, secret: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') {
      const description =
        typeof body.error_description === 'string' ? ` (${body.error_description})` : '';
      return scrubSecret(`${body.error}${description}`, secret);
    }
  } catch {
    // Not an OAuth error body; say so without echoing it.
  }
  return 'without an OAuth error body';
}

function scrubSecret(text: string, secret: string): string {
  return secret ? text.replaceAll(secret, '[redacted]') : text;
}

/** The endpoint without query or credentials, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid token URL>';
  }
}
