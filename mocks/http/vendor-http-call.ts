import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { type Dispatcher, request } from 'undici';
import type { EvidenceBody, EvidenceHeaders } from '../../schemas/index.ts';
import type { Clock } from '../platform/clock.ts';
import {
  bodyEvidence,
  curlCommand,
  evidenceBodyLimitBytes,
  evidenceOf,
  readCappedBody,
  redactHeaders,
  scrub,
  type VendorExchange,
} from './vendor-exchange.ts';

export interface VendorHttpRequest {
  method: 'GET' | 'PUT' | 'POST';
  url: string;
  /** Sent as given; `authorization` is redacted in the evidence. */
  headers: Record<string, string>;
  body?: string;
}

/**
 * Decides whether a request goes out at all, and sees how each one ended: the harness's
 * interruption of a candidate that stopped answering (decision 0015) is one.
 */
export interface VendorCallGate {
  /** Why the request must not be sent, or undefined to send it. */
  refuse(url: string): string | undefined;
  settle(url: string, result: VendorHttpResult): void;
}

export interface VendorHttpCallOptions {
  dispatcher: Dispatcher;
  gate?: VendorCallGate;
  /** A real timer: it guards a real socket, whatever the platform clock does. */
  timeoutMs: number;
  /** The most of a response body read (see `readCappedBody`). */
  bodyLimitBytes: number;
  attempt: number;
  /** Stamps `timing.startedAt`, so evidence lines up with the platform's timeline. */
  clock: Clock;
}

/** One attempt's result: an HTTP response (any status), or why none arrived. */
export type VendorHttpResult =
  | {
      kind: 'response';
      status: number;
      headers: EvidenceHeaders;
      /** Header values as received, not redacted: only for inspection, never for evidence. */
      rawHeaders: Record<string, string | string[] | undefined>;
      /** The body as read: whole unless `truncated`; not scrubbed, it is for parsing. */
      body: EvidenceBody;
      exchange: VendorExchange;
      /**
       * Whether the body or a header value carried the request's bearer, seen before redaction:
       * in the evidence it shows as `[redacted]`, as does that word written by the candidate.
       */
      echoed: boolean;
    }
  | {
      kind: 'timeout' | 'unreachable';
      detail: string;
      /** With what arrived before the failure: status, headers and the body read so far. */
      exchange: VendorExchange;
      /** As for a response, over what arrived. */
      echoed: boolean;
    };

/**
 * Makes one HTTP attempt on a pooled undici dispatcher and records it. Never throws for what the
 * other side does: a timeout, a refused or reset connection, a protocol error or a huge body all
 * come back as a result with evidence.
 */
export async function callVendor(
  req: VendorHttpRequest,
  options: VendorHttpCallOptions,
): Promise<VendorHttpResult> {
  // A refused request never went out: the gate settles only what did.
  const refused = options.gate?.refuse(req.url);
  const result = await attemptCall(req, options, refused);
  if (!refused) options.gate?.settle(req.url, result);
  return result;
}

async function attemptCall(
  req: VendorHttpRequest,
  options: VendorHttpCallOptions,
  refused: string | undefined,
): Promise<VendorHttpResult> {
  const secrets = bearerSecrets(req.headers);
  const requestBody = req.body === undefined ? undefined : bodyEvidence(req.body, secrets);
  const startedAt = new Date(options.clock.now()).toISOString();
  const started = performance.now();
  const record = (extra: Partial<Pick<VendorExchange, 'response' | 'error'>>): VendorExchange => ({
    attempt: options.attempt,
    request: {
      method: req.method,
      url: req.url,
      headers: redactHeaders(req.headers, secrets),
      ...(requestBody ? { body: requestBody } : {}),
    },
    ...extra,
    timing: { startedAt, durationMs: Math.max(0, performance.now() - started) },
    curl: curlCommand(
      {
        method: req.method,
        url: req.url,
        headers: req.headers,
        ...(requestBody ? { body: requestBody } : {}),
        timeoutMs: options.timeoutMs,
      },
      secrets,
    ),
  });

  if (refused) {
    return {
      kind: 'unreachable',
      detail: refused,
      exchange: record({ error: refused }),
      echoed: false,
    };
  }
  // undici takes an EventEmitter as the abort signal. An AbortController per request (an
  // EventTarget) cost about 5% of the caller's time in the benchmark (decision 0018); undici
  // aborts the same way with either, using `reason` when the emitter has one.
  const abort = Object.assign(new EventEmitter(), { reason: undefined as Error | undefined });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.reason = new Error(`timeout after ${options.timeoutMs} ms`);
    abort.emit('abort');
  }, options.timeoutMs);
  let status: number | undefined;
  let headers: EvidenceHeaders | undefined;
  let rawHeaders: Record<string, string | string[] | undefined> = {};
  // What the body delivered so far, kept for the evidence of an exchange that fails mid-body.
  const received: Uint8Array[] = [];
  let receivedBytes = 0;
  const keep = (chunk: Uint8Array) => {
    if (receivedBytes < evidenceBodyLimitBytes) {
      received.push(chunk.subarray(0, evidenceBodyLimitBytes - receivedBytes));
    }
    receivedBytes += chunk.byteLength;
  };
  try {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      dispatcher: options.dispatcher,
      signal: abort,
    });
    status = response.statusCode;
    headers = redactHeaders(response.headers, secrets);
    rawHeaders = response.headers;
    try {
      const body = await readCappedBody(response.body, options.bodyLimitBytes, keep);
      const evidenceBody = evidenceOf(body, secrets);
      return {
        kind: 'response',
        status,
        headers,
        rawHeaders: response.headers,
        body,
        exchange: record({ response: { status, headers, body: evidenceBody } }),
        echoed: echoes(body.text, rawHeaders, secrets),
      };
    } finally {
      // Frees the socket when reading stopped early (timeout, reset); a no-op after the end.
      response.body.destroy();
    }
  } catch (error) {
    const kind = timedOut ? 'timeout' : 'unreachable';
    const detail = timedOut ? `timeout after ${options.timeoutMs} ms` : describeError(error);
    const text = new TextDecoder().decode(Buffer.concat(received));
    const body = evidenceOf({ text, bytes: receivedBytes, truncated: true }, secrets);
    const partial =
      status !== undefined && headers
        ? { response: { status, headers, ...(receivedBytes > 0 ? { body } : {}) } }
        : {};
    return {
      kind,
      detail,
      exchange: record({ ...partial, error: scrub(detail, secrets) }),
      echoed: echoes(text, rawHeaders, secrets),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a body or a header value as received carries one of the request's secrets. */
function echoes(
  body: string,
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[],
): boolean {
  const texts = [body, ...Object.values(headers).flatMap((value) => value ?? [])];
  return secrets.some((secret) => texts.some((text) => text.includes(secret)));
}

/** The bearer of an `authorization` header, to scrub from everything recorded. */
function bearerSecrets(headers: Record<string, string>): string[] {
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization');
  const token = value?.[1].replace(/^\S+\s+/, '').trim();
  return token ? [token] : [];
}

/** `ECONNREFUSED: connect …`, `UND_ERR_SOCKET: other side closed`, `HTTPParserError: …`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const withCause = error as Error & { code?: unknown; cause?: unknown };
  const code = typeof withCause.code === 'string' ? withCause.code : undefined;
  const label = code ?? (error.name !== 'Error' ? error.name : undefined);
  const cause = withCause.cause instanceof Error ? `: ${withCause.cause.message}` : '';
  return `${label ? `${label}: ` : ''}${error.message}${cause}`;
}
