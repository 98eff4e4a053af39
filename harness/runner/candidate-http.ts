import { Agent, type Dispatcher } from 'undici';
import { systemClock } from '../../mocks/platform/clock.ts';
import { exchangeEvidence } from '../../mocks/tpb/vendor-exchange.ts';
import { callVendor } from '../../mocks/tpb/vendor-http-call.ts';
import type { HTTPEvidence } from '../../schemas/generated/evidence.ts';

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
  contentType?: string;
  error?: string;
  timedOut: boolean;
  durationMs: number;
  evidence: HTTPEvidence;
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
  readonly #dispatcher: Dispatcher;

  constructor(
    readonly address: CandidateAddress,
    readonly options: { timeoutMs: number; bodyLimitBytes?: number; dispatcher?: Dispatcher },
  ) {
    this.routes = routes(address);
    this.#dispatcher = options.dispatcher ?? new Agent({ connections: 32 });
  }

  async call(request: CandidateRequest): Promise<CandidateResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.token !== null)
      headers.authorization = `${request.scheme ?? 'Bearer'} ${request.token}`.trim();
    const body =
      request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const result = await callVendor(
      {
        method: request.method,
        url: `${this.address.baseUrl}${request.path}`,
        headers,
        ...(body !== undefined ? { body } : {}),
      },
      {
        dispatcher: this.#dispatcher,
        timeoutMs: request.timeoutMs ?? this.options.timeoutMs,
        bodyLimitBytes: this.options.bodyLimitBytes ?? 1024 * 1024,
        attempt: 1,
        clock: systemClock,
      },
    );
    const evidence = exchangeEvidence(result.exchange);
    const durationMs = result.exchange.timing.durationMs;
    if (result.kind !== 'response') {
      return {
        headers: {},
        text: '',
        error: result.detail,
        timedOut: result.kind === 'timeout',
        durationMs,
        evidence,
      };
    }
    const text = result.body.text;
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const responseHeaders = result.headers as Record<string, string>;
    return {
      status: result.status,
      headers: responseHeaders,
      text,
      ...(json !== undefined ? { json } : {}),
      ...(responseHeaders['content-type']
        ? { contentType: String(responseHeaders['content-type']) }
        : {}),
      timedOut: false,
      durationMs,
      evidence,
    };
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}
