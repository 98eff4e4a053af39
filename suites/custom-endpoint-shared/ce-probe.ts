/**
 * Direct HTTP to a Custom Endpoint for the CE-* checks: one probe per check, every exchange kept
 * as evidence, and answers described the way findings quote them.
 *
 * @see docs/spec/custom-endpoint.md#2-routes §2, §9
 */
import { randomUUID } from 'node:crypto';
import {
  type CandidateAddress,
  type CandidateHttp,
  type CandidateResponse,
  type CheckOutcome,
  customEndpointTarget,
  type RunContext,
  skipped,
} from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';

/** Where a request goes when it is not the configured bot and environment. */
export interface Where {
  botId?: string;
  environment?: string;
}

/** A fresh conversation id: a UUID, like LivePerson's. */
export const newConvId = (): string => randomUUID();

/** A bot id no candidate knows, valid for the path (CE-ROUTE-06 pattern, ≤ 36 characters). */
export const unknownBotId = (): string => `tpb-conformance-${randomUUID().slice(0, 18)}`;

/** An environment name no candidate offers. */
export const unknownEnvironment = (): string => `tpb-conformance-${randomUUID().slice(0, 8)}`;

/**
 * The HTTP side of one check: calls the candidate's four routes with a valid bearer and keeps the
 * evidence of every exchange, in order.
 */
export class CeProbe {
  readonly evidence: Evidence[] = [];

  constructor(
    readonly http: CandidateHttp,
    readonly address: CandidateAddress,
    readonly token: string,
    readonly timeoutMs: number,
  ) {}

  /** E1 `GET /v1/bots/{botId}/environments`. */
  environments(botId?: string): Promise<CandidateResponse> {
    return this.#call('GET', this.http.routes.environments(botId));
  }

  /** E2 `GET …/environments/{environment}/state`. */
  state(where: Where = {}): Promise<CandidateResponse> {
    return this.#call('GET', this.http.routes.state(where.botId, where.environment));
  }

  /** E3 `PUT …/conversations/{convId}`. */
  put(convId: string, body: unknown, where: Where = {}): Promise<CandidateResponse> {
    return this.#call(
      'PUT',
      this.http.routes.conversation(convId, where.botId, where.environment),
      body,
    );
  }

  /** E4 `POST …/conversations/{convId}/events`; `{raw}` sends a body exactly as given. */
  post(convId: string, body: unknown, where: Where = {}): Promise<CandidateResponse> {
    return this.#call(
      'POST',
      this.http.routes.events(convId, where.botId, where.environment),
      body,
    );
  }

  async #call(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<CandidateResponse> {
    const raw =
      typeof body === 'object' && body !== null && 'raw' in body && typeof body.raw === 'string'
        ? body.raw
        : undefined;
    const response = await this.http.call({
      method,
      path,
      token: this.token,
      timeoutMs: this.timeoutMs,
      ...(raw !== undefined ? { raw } : body !== undefined ? { body } : {}),
    });
    this.evidence.push(response.evidence);
    return response;
  }
}

/** A body sent exactly as written (malformed JSON). */
export const rawBody = (raw: string): { raw: string } => ({ raw });

/**
 * The probe for a check, or the `skipped` outcome when the candidate is no Custom Endpoint
 * reachable over HTTP (the runner already skips other kinds; this guards a context without one).
 */
export async function ceProbe(
  ruleId: string,
  context: RunContext,
): Promise<{ probe: CeProbe } | { outcome: CheckOutcome }> {
  const target = customEndpointTarget(context.target);
  if (!target) {
    return {
      outcome: skipped(
        `${ruleId}: no Custom Endpoint to call. Give its address (--base-url, --bot-id, --environment).`,
      ),
    };
  }
  const token = await context.bearer();
  return { probe: new CeProbe(target.http, target.address, token, context.timeoutMs) };
}

/** `status 404`, `no response (timeout after 300 ms)`, … */
export function answerOf(response: CandidateResponse): string {
  if (response.status !== undefined) return `status ${response.status}`;
  return `no response (${response.error ?? 'connection closed'})`;
}

/** 2xx. */
export const isSuccess = (response: CandidateResponse): boolean =>
  response.status !== undefined && response.status >= 200 && response.status < 300;

/** 4xx. */
export const isClientError = (response: CandidateResponse): boolean =>
  response.status !== undefined && response.status >= 400 && response.status < 500;

/** 5xx. */
export const isServerError = (response: CandidateResponse): boolean =>
  response.status !== undefined && response.status >= 500;

/** Whether a PUT left the conversation existing: any 2xx, or 409 "already exists" (§5). */
export const conversationExists = (response: CandidateResponse): boolean =>
  isSuccess(response) || response.status === 409;

/**
 * Whether an E4 404 is explained by the PUT before it: the PUT did not create the conversation, so
 * the event could not be judged (CE-CONV-01 reports the PUT).
 */
export const explainedByPut = (put: CandidateResponse, post: CandidateResponse): boolean =>
  post.status === 404 && !conversationExists(put);

/**
 * Whether the candidate refused the harness's valid token (401 or 403): the request never reached
 * the route, so a check that accepts a 4xx cannot judge it (CE-AUTH-01 reports the refusal).
 */
export const refusedToken = (response: CandidateResponse): boolean =>
  response.status === 401 || response.status === 403;

/** A short quote of a body for a message: at most 120 characters. */
export function quoteBody(response: CandidateResponse): string {
  const text = response.text.trim();
  if (text === '') return 'an empty body';
  const quoted =
    text.length > 120 ? `${JSON.stringify(text.slice(0, 117))}…` : JSON.stringify(text);
  return response.jsonError ? `${quoted}: ${response.jsonError}` : quoted;
}
