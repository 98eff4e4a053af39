import { Agent, type Dispatcher } from 'undici';
import {
  callVendor,
  defaultBodyLimitBytes,
  exchangeEvidence,
  parseCandidateBody,
  systemClock,
  type VendorCallGate,
  type VendorHttpResult,
} from '../../mocks/index.ts';
import type { HTTPEvidence } from '../../schemas/index.ts';
import { ErrorResponseLog } from './error-response-log.ts';

/** How the harness reaches a Custom Endpoint directly (not through the engine). */
export interface CandidateAddress {
  baseUrl: string;
  botId: string;
  environment: string;
}

export interface CandidateRequest {
  method: 'GET' | 'PUT' | 'POST';
  /** The path after the Base URL, e.g. `/v1/bots/b/environments/draft/state`. */
  path: string;
  /** The bearer; `null` sends no Authorization header. */
  token: string | null;
  /** The scheme word before the token; default `Bearer`. */
  scheme?: string;
  /** A JSON value, or `{ raw }` for a body sent exactly as given (malformed bodies). */
  body?: unknown;
  raw?: string;
  timeoutMs?: number;
}

/** One answer of the candidate, with its evidence; never an exception for what it did. */
export interface CandidateResponse {
  /** Absent when no response arrived (timeout, reset, refused). */
  status?: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, when it parses. */
  json?: unknown;
  /** Why a non-empty body is no JSON: invalid, too deep, not UTF-8, or over the read limit. */
  jsonError?: string;
  contentType?: string;
  error?: string;
  timedOut: boolean;
  durationMs: number;
  evidence: HTTPEvidence;
  /**
   * The first attempt, when it died on a reused keep-alive socket before any response byte and
   * the request was sent again on a fresh connection (what `evidence` shows).
   */
  resetFirst?: HTTPEvidence;
}

/** Paths of the four Custom Endpoint routes (custom-endpoint.md §2). */
export function routes(address: CandidateAddress) {
  const bot = (botId = address.botId) => `/v1/bots/${encodeURIComponent(botId)}`;
  const env = (botId?: string, environment = address.environment) =>
    `${bot(botId)}/environments/${encodeURIComponent(environment)}`;
  return {
    environments: (botId?: string) => `${bot(botId)}/environments`,
    state: (botId?: string, environment?: string) => `${env(botId, environment)}/state`,
    conversation: (convId: string, botId?: string, environment?: string) =>
      `${env(botId, environment)}/conversations/${encodeURIComponent(convId)}`,
    events: (convId: string, botId?: string, environment?: string) =>
      `${env(botId, environment)}/conversations/${encodeURIComponent(convId)}/events`,
  };
}

/**
 * Direct HTTP to a Custom Endpoint candidate, on a pooled undici client, recording every exchange
 * as evidence (with a curl command; tokens redacted).
 */
export class CandidateHttp {
  readonly routes: ReturnType<typeof routes>;
  /** Where the candidate's error responses go: the run's log (SEC-12/13), or one of its own. */
  readonly errorLog: ErrorResponseLog;
  /** Requests whose pooled socket was reset before any response byte, and were sent again. */
  readonly resets: Array<{ first: HTTPEvidence; retried: HTTPEvidence }> = [];
  readonly #dispatcher: Dispatcher;
  /** Responses completed on the pool: after one, a socket may be reused. */
  #completed = 0;

  constructor(
    readonly address: CandidateAddress,
    readonly options: {
      timeoutMs: number;
      bodyLimitBytes?: number;
      dispatcher?: Dispatcher;
      errorLog?: ErrorResponseLog;
      /** Stops calls to a route that stopped answering (the run's `CandidateInterruption`). */
      gate?: VendorCallGate;
    },
  ) {
    this.routes = routes(address);
    this.errorLog = options.errorLog ?? new ErrorResponseLog();
    this.#dispatcher = options.dispatcher ?? new Agent({ connections: 32 });
  }

  async call(request: CandidateRequest): Promise<CandidateResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.token !== null)
      headers.authorization = `${request.scheme ?? 'Bearer'} ${request.token}`.trim();
    const body =
      request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const vendorRequest = {
      method: request.method,
      url: `${this.address.baseUrl}${request.path}`,
      headers,
      ...(body !== undefined ? { body } : {}),
    };
    const attempt = (dispatcher: Dispatcher, number: number) =>
      callVendor(vendorRequest, {
        dispatcher,
        timeoutMs: request.timeoutMs ?? this.options.timeoutMs,
        bodyLimitBytes: this.#bodyLimitBytes,
        ...(this.options.gate ? { gate: this.options.gate } : {}),
        attempt: number,
        clock: systemClock,
      });
    // undici does not say which socket a request went out on, so "may have been reused" is
    // "the pool has completed a response": a stand-in that can only add a second try, on a fresh
    // connection, which a server that resets fresh connections resets too (decision 0009).
    const reusable = this.#completed > 0;
    let result = await attempt(this.#dispatcher, 1);
    let resetFirst: HTTPEvidence | undefined;
    if (reusable && diedBeforeAnswer(result)) {
      // A server may close a kept-alive socket right after a response (Express after an error,
      // for one); the next pooled request then dies before a byte arrives. Like the platform's
      // client, send it once more on a fresh connection; the reset stays as evidence.
      resetFirst = exchangeEvidence(result.exchange);
      const fresh = new Agent({ connections: 1 });
      try {
        result = await attempt(fresh, 2);
      } finally {
        await fresh.close();
      }
    }
    if (result.kind === 'response') this.#completed += 1;
    const evidence = exchangeEvidence(result.exchange);
    if (resetFirst) this.resets.push({ first: resetFirst, retried: evidence });
    this.errorLog.record('harness', result, evidence);
    const durationMs = result.exchange.timing.durationMs;
    if (result.kind !== 'response') {
      return {
        headers: {},
        text: '',
        error: result.detail,
        timedOut: result.kind === 'timeout',
        durationMs,
        evidence,
        ...(resetFirst ? { resetFirst } : {}),
      };
    }
    const text = result.body.text;
    let json: unknown;
    let jsonError: string | undefined;
    try {
      json = text.length > 0 ? parseCandidateBody(result.body, this.#bodyLimitBytes) : undefined;
    } catch (error) {
      jsonError = (error as Error).message;
    }
    const responseHeaders = result.headers as Record<string, string>;
    return {
      status: result.status,
      headers: responseHeaders,
      text,
      ...(json !== undefined ? { json } : {}),
      ...(jsonError !== undefined ? { jsonError } : {}),
      ...(responseHeaders['content-type']
        ? { contentType: String(responseHeaders['content-type']) }
        : {}),
      timedOut: false,
      durationMs,
      evidence,
      ...(resetFirst ? { resetFirst } : {}),
    };
  }

  get #bodyLimitBytes(): number {
    return this.options.bodyLimitBytes ?? defaultBodyLimitBytes;
  }

  /** Responses completed, for tests. */
  get completed(): number {
    return this.#completed;
  }

  /** Closes the connection pool, aborting a request still in flight (Ctrl+C, decision 0017). */
  close(): Promise<void> {
    return this.#dispatcher.destroy();
  }
}

/**
 * Whether an attempt died on its socket before any response byte: a reset or a close, not a
 * timeout and not a refused connection (a refused connection was never a reused socket).
 */
function diedBeforeAnswer(result: VendorHttpResult): boolean {
  if (result.kind !== 'unreachable' || result.exchange.response) return false;
  return /ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed/i.test(result.detail);
}
