import { Agent, type Dispatcher } from 'undici';
import type {
  CustomEndpointCreateConversationRequestBody,
  CustomEndpointEventRequestBody,
} from '../../schemas/index.ts';
import { defaultBodyLimitBytes, type VendorExchange } from '../http/vendor-exchange.ts';
import {
  callVendor,
  type VendorCallGate,
  type VendorHttpRequest,
  type VendorHttpResult,
} from '../http/vendor-http-call.ts';
import { parseCandidateBody } from '../platform/candidate-json.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { CustomEndpointFailureReason } from './custom-endpoint-escalation.ts';

/** Where the bearer comes from; `SentinelTokenCache` is one. */
export interface BearerSource {
  token(): Promise<string>;
}

export interface CustomEndpointClientOptions {
  /** The wizard's Base URL, without a trailing `/`; may carry a path prefix. */
  baseUrl: string;
  botId: string;
  environment: string;
  tokens: BearerSource;
  /** Per attempt, a real timer (the platform's: `engineDefaults.requestTimeoutMs`). */
  requestTimeoutMs: number;
  /** Attempts per request, the first included (the platform's: `engineDefaults.maxAttempts`). */
  maxAttempts: number;
  /** Pause before attempt n+1 is `retryPausesMs[n-1]` (the last repeats), waited on `clock`. */
  retryPausesMs: readonly number[];
  clock?: Clock;
  /** A pooled undici dispatcher; the client creates (and closes) its own Agent when absent. */
  dispatcher?: Dispatcher;
  /** The most of a reply read and parsed (default 1 MiB); reading stops past it. */
  bodyLimitBytes?: number;
  /** Decides whether each attempt goes out (the harness's interruption of a hung candidate). */
  gate?: VendorCallGate;
  /** Called with every exchange as it completes, and the attempt's result as received. */
  onExchange?: (exchange: VendorExchange, result: VendorHttpResult) => void;
}

/** A call's outcome; every exchange it made (attempts, with timing) is attached. */
export type CustomEndpointOutcome<T> =
  | { ok: true; status: number; body: T; exchanges: VendorExchange[] }
  | CustomEndpointFailure;

export interface CustomEndpointFailure {
  ok: false;
  reason: CustomEndpointFailureReason;
  /** The last HTTP status, when a response arrived. */
  status?: number;
  detail: string;
  exchanges: VendorExchange[];
}

/** Test Connection / bot start: healthy only for a 200 whose JSON `state` is `"online"`. */
export type StateCheck =
  | { ok: true; state: 'online'; body: unknown; exchanges: VendorExchange[] }
  | {
      ok: false;
      /**
       * A failed call, `not-online` (a 200 whose `state` is another string, such as "ONLINE" or
       * "offline") or `invalid-response` (a 200 without a string `state`).
       */
      reason: CustomEndpointFailureReason | 'not-online' | 'invalid-response';
      /** The `state` the candidate reported, when it reported one. */
      state?: string;
      status?: number;
      detail: string;
      exchanges: VendorExchange[];
    };

/**
 * The mock Third-Party Bots engine's caller of a Custom Endpoint: E2 state checks, E3 PUT and
 * E4 POST with the spec's per-attempt timeout, three attempts and retry pauses, and the 404
 * recovery of the event flow. Whatever the candidate does (time out, reset, answer garbage or
 * 50 MB), a call resolves to an outcome with evidence; only a failing `tokens.token()` rejects,
 * since that is the platform's own failure, not the candidate's.
 *
 * @see docs/spec/custom-endpoint.md#2-routes §2, §8
 * @example
 * const client = new CustomEndpointClient({ baseUrl, botId, environment: 'draft', tokens, ...engineDefaults });
 * const reply = await client.deliverEvent(convId, { context }, event);
 * if (!reply.ok) escalate(customEndpointErrorCode(reply.reason));
 */
export class CustomEndpointClient {
  readonly #options: CustomEndpointClientOptions;
  readonly #bodyLimitBytes: number;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #clock: Clock;
  readonly #created = new Set<string>();
  readonly #pauseTimers = new Set<{ cancel(): void }>();
  #closed: Promise<void> | undefined;

  constructor(options: CustomEndpointClientOptions) {
    this.#options = options;
    this.#bodyLimitBytes = options.bodyLimitBytes ?? defaultBodyLimitBytes;
    this.#clock = options.clock ?? systemClock;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent();
  }

  /** E2: GET …/state with the bearer; passes iff 200 and `state === "online"` (§8.1). */
  async checkState(): Promise<StateCheck> {
    const outcome = await this.#call(
      'GET',
      `${this.#botBase()}/state`,
      undefined,
      (s) => s === 200,
    );
    if (!outcome.ok) return outcome;
    const body = outcome.body;
    const state =
      body !== null && typeof body === 'object' ? (body as { state?: unknown }).state : undefined;
    if (typeof state !== 'string') {
      return {
        ok: false,
        reason: 'invalid-response',
        status: outcome.status,
        detail:
          'Failed to check the bot state: the 200 body has no string "state". Answer {"state": "online", "version": "<semver>"}.',
        exchanges: outcome.exchanges,
      };
    }
    if (state !== 'online') {
      return {
        ok: false,
        reason: 'not-online',
        state,
        status: outcome.status,
        detail: `Failed to check the bot state: expected state "online", got ${JSON.stringify(state)}. Only a lower-case "online" lets the bot start.`,
        exchanges: outcome.exchanges,
      };
    }
    return { ok: true, state, body, exchanges: outcome.exchanges };
  }

  /**
   * E3: PUT …/conversations/{convId}. Any 2xx means created and 409 means it already exists;
   * both succeed (`body.existed` tells them apart). Marks the conversation as created.
   */
  async createConversation(
    convId: string,
    body: CustomEndpointCreateConversationRequestBody,
  ): Promise<CustomEndpointOutcome<{ existed: boolean }>> {
    const outcome = await this.#call(
      'PUT',
      this.#conversationUrl(convId),
      JSON.stringify(body),
      (status) => (status >= 200 && status < 300) || status === 409,
      false,
    );
    if (!outcome.ok) return outcome;
    this.#created.add(convId);
    return { ...outcome, body: { existed: outcome.status === 409 } };
  }

  /** E4: POST …/conversations/{convId}/events; resolves with the parsed JSON reply of a 2xx. */
  sendEvent(
    convId: string,
    event: CustomEndpointEventRequestBody,
  ): Promise<CustomEndpointOutcome<unknown>> {
    return this.#call(
      'POST',
      `${this.#conversationUrl(convId)}/events`,
      JSON.stringify(event),
      (status) => status >= 200 && status < 300,
    );
  }

  /**
   * One consumer event as the engine delivers it (§8.2, §8.3): PUT before the conversation's
   * first event, then POST; a 404 from the POST re-runs PUT + POST once, and a second 404 fails.
   * Assumes the engine delivers one event per conversation at a time (it queues them).
   */
  async deliverEvent(
    convId: string,
    putBody: CustomEndpointCreateConversationRequestBody,
    event: CustomEndpointEventRequestBody,
  ): Promise<CustomEndpointOutcome<unknown>> {
    const exchanges: VendorExchange[] = [];
    const withAll = <T>(outcome: CustomEndpointOutcome<T>): CustomEndpointOutcome<T> => {
      exchanges.push(...outcome.exchanges);
      return { ...outcome, exchanges: [...exchanges] };
    };
    for (let round = 1; ; round++) {
      if (!this.#created.has(convId)) {
        const created = withAll(await this.createConversation(convId, putBody));
        if (!created.ok) return created;
      }
      const sent = withAll(await this.sendEvent(convId, event));
      if (sent.ok || sent.reason !== 'http-404') return sent;
      // The candidate lost the conversation: forget it, so the next round PUTs it again.
      this.#created.delete(convId);
      if (round === 2) {
        return {
          ...sent,
          detail: `${sent.detail} The event still got 404 after the conversation was created again (PUT + POST repeated once).`,
        };
      }
    }
  }

  /** Whether the client believes the candidate holds the conversation. */
  isCreated(convId: string): boolean {
    return this.#created.has(convId);
  }

  /**
   * Marks a conversation as created without a PUT, so its next event goes straight to the POST:
   * how a scenario makes the engine "skip the PUT" to exercise 404 recovery (FLOW-09, §8.3).
   */
  markCreated(convId: string): void {
    this.#created.add(convId);
  }

  /** Forgets a conversation (closed, or transferred away), so its next event PUTs again. */
  forget(convId: string): void {
    this.#created.delete(convId);
  }

  /**
   * Cancels pending retry pauses and closes the client's own connection pool; idempotent. A
   * request still in flight is aborted, not waited for: a run stopped by Ctrl+C must not wait out
   * a hung candidate's timeout (decision 0017).
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      for (const timer of this.#pauseTimers) timer.cancel();
      this.#pauseTimers.clear();
      if (this.#ownsDispatcher) await this.#dispatcher.destroy();
    })();
    return this.#closed;
  }

  /**
   * Runs one request with the retry policy: timeouts, network errors, 429 and 5xx are retried
   * up to `maxAttempts` attempts in total; any other status outside `isSuccess` fails at once.
   */
  async #call(
    method: VendorHttpRequest['method'],
    url: string,
    body: string | undefined,
    isSuccess: (status: number) => boolean,
    parseJson = true,
  ): Promise<CustomEndpointOutcome<unknown>> {
    const maxAttempts = Math.max(1, this.#options.maxAttempts);
    const exchanges: VendorExchange[] = [];
    for (let attempt = 1; ; attempt++) {
      const token = await this.#options.tokens.token();
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const result = await callVendor(
        { method, url, headers, ...(body === undefined ? {} : { body }) },
        {
          dispatcher: this.#dispatcher,
          timeoutMs: this.#options.requestTimeoutMs,
          bodyLimitBytes: this.#bodyLimitBytes,
          attempt,
          clock: this.#clock,
          ...(this.#options.gate ? { gate: this.#options.gate } : {}),
        },
      );
      exchanges.push(result.exchange);
      this.#options.onExchange?.(result.exchange, result);
      const outcome = judge(result, isSuccess, parseJson, this.#bodyLimitBytes, exchanges);
      if (outcome.ok || !isRetryable(result) || attempt >= maxAttempts) return outcome;
      await this.#pause(attempt);
    }
  }

  /** Waits the configured pause on the platform clock; a pause of 0 does not wait at all. */
  #pause(attempt: number): Promise<void> {
    const pauses = this.#options.retryPausesMs;
    const ms = pauses[attempt - 1] ?? pauses.at(-1) ?? 0;
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        cancel: () => {
          this.#clock.clearTimeout(timer);
          resolve();
        },
      };
      const timer = this.#clock.setTimeout(() => {
        this.#pauseTimers.delete(entry);
        resolve();
      }, ms);
      this.#pauseTimers.add(entry);
    });
  }

  #botBase(): string {
    const base = this.#options.baseUrl.replace(/\/+$/, '');
    const botId = encodeURIComponent(this.#options.botId);
    const environment = encodeURIComponent(this.#options.environment);
    return `${base}/v1/bots/${botId}/environments/${environment}`;
  }

  #conversationUrl(convId: string): string {
    return `${this.#botBase()}/conversations/${encodeURIComponent(convId)}`;
  }
}

/** Retried: no response (timeout, network error), 429 and 5xx (§8.4). */
function isRetryable(result: VendorHttpResult): boolean {
  if (result.kind !== 'response') return true;
  return result.status === 429 || result.status >= 500;
}

function judge(
  result: VendorHttpResult,
  isSuccess: (status: number) => boolean,
  parseJson: boolean,
  bodyLimitBytes: number,
  exchanges: VendorExchange[],
): CustomEndpointOutcome<unknown> {
  const all = [...exchanges];
  const tries = all.length > 1 ? ` (attempt ${all.length})` : '';
  const { request } = result.exchange;
  const call = `${request.method} ${request.url}${tries}`;
  if (result.kind !== 'response') {
    return {
      ok: false,
      reason: result.kind,
      detail: `Failed to call the Custom Endpoint, ${call}: ${result.detail}.`,
      exchanges: all,
    };
  }
  const { status, body } = result;
  if (!isSuccess(status)) {
    return {
      ok: false,
      reason: `http-${status}`,
      status,
      detail: `Failed to call the Custom Endpoint, ${call}: HTTP ${status}.`,
      exchanges: all,
    };
  }
  if (!parseJson) return { ok: true, status, body: undefined, exchanges: all };
  try {
    return { ok: true, status, body: parseCandidateBody(body, bodyLimitBytes), exchanges: all };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'invalid-json',
      status,
      detail: `Failed to parse the Custom Endpoint reply: HTTP ${status} with a body that is not JSON (${why}). Answer with a JSON body and Content-Type application/json.`,
      exchanges: all,
    };
  }
}
