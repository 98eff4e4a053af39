import { randomUUID } from 'node:crypto';
import {
  type CandidateHttp,
  type CandidateResponse,
  customEndpointTarget,
  type RunContext,
} from '../../harness/index.ts';
import type {
  CustomEndpointCreateConversationRequestBody,
  CustomEndpointEventRequestBody,
} from '../../schemas/index.ts';

/**
 * The four Custom Endpoint routes, named as the spec names them.
 * @see docs/spec/custom-endpoint.md#2-routes §2
 */
export type RouteName = 'E1' | 'E2' | 'E3' | 'E4';

export const routeNames: readonly RouteName[] = ['E1', 'E2', 'E3', 'E4'];

/** What goes into `Authorization`: a token (with its scheme word), or no header at all. */
export interface Credentials {
  /** `null` sends no `Authorization` header; `''` sends the scheme word alone. */
  token: string | null;
  /** Default `Bearer`. */
  scheme?: string;
}

/** One route's answer to one otherwise valid request. */
export interface RouteAnswer {
  route: RouteName;
  /** The conversation the request named (E3, E4). */
  convId?: string;
  response: CandidateResponse;
}

/** A valid E3 body, as the mock engine sends it by default (skillId a numeric string, no sdes). */
export function createConversationBody(): CustomEndpointCreateConversationRequestBody {
  return { context: { type: 'MESSAGING', skillId: '1234567', engagementId: 98765 } };
}

/** A valid E4 body: a consumer's TEXT message with a messaging lpEvent. */
export function textEventBody(convId: string, message = 'hi'): CustomEndpointEventRequestBody {
  return {
    type: 'TEXT',
    source: 'CONSUMER',
    data: { message },
    context: {
      lpEvent: {
        sequence: 1,
        serverTimestamp: Date.now(),
        event: { type: 'ContentEvent', message, contentType: 'text/plain' },
        conversationId: convId,
        dialogId: convId,
        metadata: [],
        messageAudience: 'ALL',
      },
    },
  };
}

/** The candidate's HTTP client, or why a direct check cannot run. */
export function directHttp(context: RunContext): CandidateHttp | undefined {
  return customEndpointTarget(context.target)?.http;
}

export const noDirectHttp = (ruleId: string): string =>
  `${ruleId}: no Custom Endpoint address to call directly (the candidate is not a Custom Endpoint, or --base-url and --bot-id were not given).`;

export interface RouteCallOptions {
  /** E4: the conversation the event is sent to (created beforehand with a valid token). */
  e4ConvId?: string;
  timeoutMs?: number;
}

/**
 * Sends one otherwise valid request to a route: E1 and E2 as GETs, E3 a PUT creating a fresh
 * conversation, E4 a TEXT event to `e4ConvId` (a fresh id when none is given).
 */
export async function callRoute(
  http: CandidateHttp,
  route: RouteName,
  credentials: Credentials,
  options: RouteCallOptions = {},
): Promise<RouteAnswer> {
  const auth = {
    token: credentials.token,
    ...(credentials.scheme !== undefined ? { scheme: credentials.scheme } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  switch (route) {
    case 'E1':
      return {
        route,
        response: await http.call({ method: 'GET', path: http.routes.environments(), ...auth }),
      };
    case 'E2':
      return {
        route,
        response: await http.call({ method: 'GET', path: http.routes.state(), ...auth }),
      };
    case 'E3': {
      const convId = randomUUID();
      const response = await http.call({
        method: 'PUT',
        path: http.routes.conversation(convId),
        body: createConversationBody(),
        ...auth,
      });
      return { route, convId, response };
    }
    case 'E4': {
      const convId = options.e4ConvId ?? randomUUID();
      const response = await http.call({
        method: 'POST',
        path: http.routes.events(convId),
        body: textEventBody(convId),
        ...auth,
      });
      return { route, convId, response };
    }
  }
}

/** Sends the same credentials to every route at once; answers in route order. */
export function callEveryRoute(
  http: CandidateHttp,
  credentials: Credentials,
  options: RouteCallOptions = {},
): Promise<RouteAnswer[]> {
  return Promise.all(routeNames.map((route) => callRoute(http, route, credentials, options)));
}

/**
 * Creates a conversation with the credentials, then sends an event to it, while E1 and E2 are
 * called: the four routes as the platform uses them.
 */
export async function callRoutesInFlow(
  http: CandidateHttp,
  credentials: Credentials,
  options: { timeoutMs?: number } = {},
): Promise<RouteAnswer[]> {
  const [e1, e2, e3] = await Promise.all(
    (['E1', 'E2', 'E3'] as const).map((route) => callRoute(http, route, credentials, options)),
  );
  const e4 = await callRoute(http, 'E4', credentials, {
    ...options,
    ...(e3?.convId !== undefined ? { e4ConvId: e3.convId } : {}),
  });
  return [e1, e2, e3, e4].filter((answer): answer is RouteAnswer => answer !== undefined);
}

/** A status for a message: `401`, or `no answer (timeout after 2000 ms)`. */
export function statusOf(response: CandidateResponse): string {
  if (response.status !== undefined) return String(response.status);
  return `no answer (${response.error ?? 'no response'})`;
}

/** `E1 200, E2 401, …` */
export function describeAnswers(answers: readonly RouteAnswer[]): string {
  return answers.map((answer) => `${answer.route} ${statusOf(answer.response)}`).join(', ');
}

export const isSuccess = (response: CandidateResponse): boolean =>
  response.status !== undefined && response.status >= 200 && response.status < 300;

/** 401 or 403: the candidate refused the credentials. */
export const isAuthRefusal = (response: CandidateResponse): boolean =>
  response.status === 401 || response.status === 403;

/**
 * Statuses with which a candidate that does not serve E1 (no documented flow calls it, D20)
 * answers there: the route is missing, so a token cannot be judged on it.
 */
export const routeMissingStatuses: readonly number[] = [404, 405, 501];
