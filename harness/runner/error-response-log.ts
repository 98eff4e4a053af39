import { exchangeEvidence, type VendorHttpResult } from '../../mocks/index.ts';
import type { HTTPEvidence } from '../../schemas/index.ts';

/** An error response (status 400 or more) the candidate sent during the run. */
export interface ObservedErrorResponse {
  /** `GET /v1/bots/…/state 401`, or `the engine's POST /v1/bots/…/events 404`. */
  label: string;
  /** Who received it: the harness's direct client, or the mock engine. */
  receiver: 'harness' | 'engine';
  /**
   * Body and header values as the evidence holds them: with the request's bearer already
   * `[redacted]`, so `echoedBearer` tells whether the candidate echoed it.
   */
  text: string;
  /** Whether the body or a header value carried the request's own bearer, seen before redaction. */
  echoedBearer: boolean;
  /** The exchange; for a body that broke off (reset, timeout), what arrived of it. */
  evidence: HTTPEvidence;
}

/** Error responses kept, at most; the rest are counted, so memory stays bounded. */
const kept = 2000;

/**
 * Every error response a Custom Endpoint sent during one run, to the harness's direct client and
 * to the mock engine (every engine bot the harness starts for the candidate): what SEC-12 and
 * SEC-13 inspect. One per run, on the run context.
 */
export class ErrorResponseLog {
  readonly entries: ObservedErrorResponse[] = [];
  /** Error responses past the first `kept`, not kept. */
  dropped = 0;

  /**
   * Keeps the exchange when the candidate answered 400 or more, whole or broken off mid-body.
   * `evidence` is the record checks hold, so a check can tell its own exchanges apart.
   */
  record(
    receiver: ObservedErrorResponse['receiver'],
    result: VendorHttpResult,
    evidence: HTTPEvidence = exchangeEvidence(result.exchange),
  ): void {
    const { request, response } = result.exchange;
    if (!response || response.status < 400) return;
    if (this.entries.length >= kept) {
      this.dropped += 1;
      return;
    }
    const url = new URL(request.url);
    const who = receiver === 'engine' ? "the engine's " : '';
    this.entries.push({
      label: `${who}${request.method} ${url.pathname} ${response.status}`,
      receiver,
      text: [response.body?.text ?? '', ...Object.values(response.headers)].join('\n'),
      echoedBearer: result.echoed,
      evidence,
    });
  }
}
